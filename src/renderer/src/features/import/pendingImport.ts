/**
 * The library's "Import CRM fields into a new process" creates the process and opens it; the
 * editor then starts the wizard. This hand-over is view state, so it lives in memory only.
 */
let pending: string | null = null;

/** Asks the editor that opens `processId` next to start the field import. */
export function requestImportOnOpen(processId: string): void {
  pending = processId;
}

/** True once for the process the library asked about. */
export function takeImportRequest(processId: string): boolean {
  if (pending !== processId) return false;
  pending = null;
  return true;
}
