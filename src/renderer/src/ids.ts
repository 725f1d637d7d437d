/** A new document id: `<prefix>-<8 hex>`; valid under the model's IdSchema. */
export function newId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().replace(/-/g, '').slice(0, 10)}`;
}
