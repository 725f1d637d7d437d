/// <reference lib="webworker" />
import { runMonteCarloJob } from './monteCarloJob';
import type { McRequest, McResponse } from './monteCarloProtocol';

/** Monte Carlo off the UI thread: one run at a time; a new run or a cancel stops the current one. */
const scope = self as unknown as DedicatedWorkerGlobalScope;
let current = -1;
const cancelled = new Set<number>();

scope.onmessage = (event: MessageEvent<McRequest>) => {
  const message = event.data;
  if (message.type === 'cancel') {
    cancelled.add(message.id);
    return;
  }
  if (current >= 0) cancelled.add(current);
  current = message.id;
  void runMonteCarloJob(message, {
    post: (response: McResponse) => scope.postMessage(response),
    cancelled: () => cancelled.has(message.id),
    yieldTurn: () => new Promise((resolve) => setTimeout(resolve, 0)),
    now: () => performance.now(),
  }).finally(() => cancelled.delete(message.id));
};
