import { MAX_IMPORT_BYTES } from '../../../../shared/io/decode';
import type { IoJob, IoJobResult } from './ioJobs';

/** A job running in the import worker; `cancel` stops it at once. */
export interface RunningJob<T> {
  result: Promise<T>;
  cancel(): void;
}

/** Raised when a job was cancelled, so callers can tell it from a failure. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * Runs one job in a fresh Web Worker. A worker per job keeps cancelling simple and total:
 * terminating it stops a parse mid-file.
 */
export function startIoJob<J extends IoJob>(job: J): RunningJob<IoJobResult<J>> {
  const worker = new Worker(new URL('../../workers/io.worker.ts', import.meta.url), { type: 'module' });
  let rejectRun: (error: Error) => void = () => undefined;
  const result = new Promise<IoJobResult<J>>((resolve, reject) => {
    rejectRun = reject;
    worker.onmessage = (event: MessageEvent<{ ok: true; value: IoJobResult<J> } | { ok: false; message: string }>) => {
      worker.terminate();
      if (event.data.ok) resolve(event.data.value);
      else reject(new Error(event.data.message));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`The import worker failed: ${event.message}`));
    };
  });
  worker.postMessage(job);
  return {
    result,
    cancel() {
      worker.terminate();
      rejectRun(new CancelledError());
    },
  };
}

/** A picked file's bytes, refused before reading when it is over the import limit. */
export async function readPickedFile(file: File): Promise<{ name: string; bytes: Uint8Array }> {
  if (file.size === 0) throw new Error(`${file.name}: the file is empty`);
  if (file.size > MAX_IMPORT_BYTES) {
    const mib = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
    throw new Error(
      `${file.name}: the file is ${mib(file.size)}; imports are limited to ${mib(MAX_IMPORT_BYTES)} (split the export, or export only the fields or date range you need). Nothing was changed.`,
    );
  }
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}
