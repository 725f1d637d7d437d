import { useCallback, useEffect, useRef } from 'react';
import type { Process } from '../../../../shared/model/schema';
import type { FieldOverrides } from '../../../../shared/sim/compile';
import type { SimResponse, SimRunRequest } from '../../../../shared/sim/protocol';
import { summarizeMonteCarlo } from '../../../../shared/sim/report';
import { useBurden } from './burdenStore';

let nextRunId = 1;
/** Opportunities simulated between progress reports. */
const PROGRESS_CHUNK = 5_000;

/**
 * Runs the Monte Carlo engine in a Web Worker. Cancel terminates the worker outright (the next
 * run starts a fresh one), so a cancel is immediate even mid-chunk. Leaving the panel cancels too.
 */
export function useMonteCarlo(): { run: (doc: Process, overrides: FieldOverrides, runs: number, seed: number) => void; cancel: () => void } {
  const workerRef = useRef<Worker | null>(null);
  const runRef = useRef<{ id: number; doc: Process; overrides: FieldOverrides } | null>(null);
  const setMc = useBurden((state) => state.setMc);

  const stop = useCallback(() => {
    workerRef.current?.terminate();
    workerRef.current = null;
    runRef.current = null;
  }, []);

  const run = useCallback(
    (doc: Process, overrides: FieldOverrides, runs: number, seed: number) => {
      stop();
      let worker: Worker;
      try {
        worker = new Worker(new URL('../../workers/monteCarlo.worker.ts', import.meta.url), { type: 'module' });
      } catch (error) {
        setMc({ status: 'error', message: `Could not start the simulation worker: ${error instanceof Error ? error.message : String(error)}` });
        return;
      }
      const id = nextRunId++;
      const started = performance.now();
      workerRef.current = worker;
      runRef.current = { id, doc, overrides };
      setMc({ status: 'running', id, done: 0, total: runs });
      worker.onmessage = (event: MessageEvent<SimResponse>) => {
        const message = event.data;
        const current = runRef.current;
        if (!current || message.id !== String(current.id)) return;
        switch (message.type) {
          case 'progress':
            setMc({ status: 'running', id, done: message.done, total: message.total });
            return;
          case 'result':
            setMc({
              status: 'done',
              summary: { ...summarizeMonteCarlo(message.result), elapsedMs: performance.now() - started },
              ranOn: current.doc,
              ranWith: current.overrides,
            });
            break;
          case 'error':
            // The engine refuses an invalid process with located problems; anything else is a failure.
            setMc(message.problems ? { status: 'refused', problems: message.problems } : { status: 'error', message: message.message });
            break;
          case 'cancelled':
            setMc({ status: 'idle' });
            break;
        }
        stop();
      };
      worker.onerror = (event) => {
        if (runRef.current?.id !== id) return;
        setMc({ status: 'error', message: event.message || 'The simulation worker failed to load.' });
        stop();
      };
      const request: SimRunRequest = {
        type: 'run',
        id: String(id),
        // Small chunks keep the progress bar moving.
        chunk: PROGRESS_CHUNK,
        process: doc,
        runs,
        seed,
        ...(Object.keys(overrides).length > 0 ? { overrides } : {}),
      };
      worker.postMessage(request);
    },
    [setMc, stop],
  );

  const cancel = useCallback(() => {
    const state = useBurden.getState().mc;
    stop();
    if (state.status === 'running') setMc({ status: 'cancelled', done: state.done, total: state.total });
  }, [setMc, stop]);

  useEffect(
    () => () => {
      if (runRef.current) {
        stop();
        const state = useBurden.getState().mc;
        if (state.status === 'running') useBurden.getState().setMc({ status: 'cancelled', done: state.done, total: state.total });
      }
    },
    [stop],
  );

  return { run, cancel };
}
