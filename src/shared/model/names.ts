/**
 * A name for an imported process that no process in the library has yet: the file's own name
 * when free, else "<name> (imported 2)", "(imported 3)", … — so importing the same file twice
 * never leaves two processes nobody can tell apart. Names compare case-insensitively, trimmed.
 */
export function importedName(name: string, taken: Iterable<string>): string {
  const base = name.trim();
  const used = new Set([...taken].map((item) => item.trim().toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base} (imported ${n})`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}
