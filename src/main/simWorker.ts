import { parentPort } from 'node:worker_threads';
import type { SimRequest } from '../shared/sim/protocol';
import { createSimHost } from '../shared/sim/workerHost';

/**
 * Node `worker_threads` entry (built as `out/main/sim-worker.js`): runs chunked Monte Carlo
 * simulations off the main thread. Send it `SimRequest`s; it answers with `SimResponse`s
 * (`progress` after every chunk, then `result`, `error` or `cancelled`). `setImmediate` between
 * chunks lets a `cancel` message in.
 */
const port = parentPort;
if (port) {
  const handle = createSimHost(
    (message) => port.postMessage(message),
    (next) => setImmediate(next),
  );
  port.on('message', (message: SimRequest) => handle(message));
}
