/// <reference lib="webworker" />
import { createSimHost } from '../../../shared/sim/workerHost';
import type { SimRequest } from '../../../shared/sim/protocol';

/** Monte Carlo off the UI thread: the shared worker logic, posting back to the panel. */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createSimHost(
  (message) => scope.postMessage(message),
  (next) => setTimeout(next, 0),
);
scope.onmessage = (event: MessageEvent<SimRequest>) => handle(event.data);
