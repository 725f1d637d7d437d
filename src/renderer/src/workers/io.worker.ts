/// <reference lib="webworker" />
import { runIoJob, type IoJob } from '../features/import/ioJobs';

/**
 * Import parsing off the UI thread: a 20 MiB CSV takes about a second to decode, parse and map,
 * and the window must keep painting (and its Cancel button working) meanwhile.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<IoJob>) => {
  try {
    scope.postMessage({ ok: true, value: runIoJob(event.data) });
  } catch (error) {
    scope.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
};
