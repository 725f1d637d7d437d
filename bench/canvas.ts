/**
 * Canvas benchmark: opens a generated 300-stage, 3,000-field process in Debian's Chromium through
 * the browser host and prints
 *   canvas.interactive.300x3000 — ms from navigation until a stage can be selected by a click;
 *   canvas.drag.frame.median / p95 — frame times while dragging a node across the canvas, ms;
 *   canvas.drag.frames.over50ms — how many of those frames took longer than 50 ms;
 *   canvas.interactive.300x3000.cpu.<kind> — CPU time the host and each kind of Chromium process
 *     (renderer, gpu-process …) spent until then, ms, and their total;
 *   canvas.drag.cpu.per-frame.<kind> — the same per drag frame, ms;
 *   canvas.drag.main-thread.cpu.median / p95 — CPU time of the page's main thread in each frame of
 *     a second, traced drag, ms, and its mean split by kind of work (script, style+layout, paint,
 *     hit-test, gc, other). Tracing costs the page time of its own (several ms a frame), so read
 *     these for where the time goes and canvas.drag.cpu.per-frame.renderer.main for how much.
 *     On a loaded machine the frame intervals measure the other processes too; CPU figures less so.
 * The drag is synthetic: the real pointer stays where the first click left it, so Chromium's
 * hover update after each layout hit-tests there (over the pane once the card has moved away),
 * which a real drag, with the pointer on the card, mostly avoids: part of 'hit-test' is the bench's.
 * Headless Chromium here renders without a GPU, so frame intervals snap to 16.7 / 33.3 ms: a
 * median of 16.7 ms is every frame on time.
 * Needs the build (`npm run build`); `npm run bench` builds first.
 */
import { chromium } from '@playwright/test';
import { createGeneratedProcess } from '../src/shared/model/generate';
import { launchHost, makeWorkspace } from '../tests/e2e/harness/host';
import { FRAME_MARK, cpuSince, processTreeCpu, traceFrames } from './chromiumCpu';
import { chromiumPathHere } from '../tests/e2e/harness/browser';

// The drag runs inside the page, one pointer step per animation frame, so the figures are the
// page's own frame times rather than the pace of the test driver. Passed as source text: the
// bench runs under tsx, whose helpers must not leak into the page.
const DRAG = `new Promise((resolve) => {
  const node = document.querySelector('.react-flow__node');
  const box = node.getBoundingClientRect();
  const at = (type, target, x, y) => target.dispatchEvent(new MouseEvent(type, {
    bubbles: true, cancelable: true, view: window, clientX: x, clientY: y, button: 0, buttons: type === 'mouseup' ? 0 : 1,
  }));
  const x0 = box.left + 20;
  const y0 = box.top + 10;
  at('mousedown', node, x0, y0);
  const frames = [];
  let last = performance.now();
  let step = 0;
  const tick = (now) => {
    performance.mark('${FRAME_MARK}');
    if (step > 0) frames.push(now - last);
    last = now;
    step++;
    if (step <= 150) {
      at('mousemove', window, x0 + step * 5, y0 + step * 2);
      requestAnimationFrame(tick);
    } else {
      at('mouseup', window, x0 + step * 5, y0 + step * 2);
      resolve(frames);
    }
  };
  requestAnimationFrame(tick);
})`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

async function main(): Promise<void> {
  const workspace = await makeWorkspace();
  const host = await launchHost(workspace.dir);
  const browser = await chromium.launch({
    executablePath: chromiumPathHere(),
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const process300 = createGeneratedProcess({ stages: 300, fields: 3000, seed: 7 });
    const response = await fetch(new URL('/api/process:import', host.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ process: process300, name: 'Bench 300 × 3000' }),
    });
    const body = (await response.json()) as { value?: { id: string }; error?: { message: string } };
    if (!body.value) throw new Error(`import failed: ${body.error?.message}`);

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const cpuAtStart = processTreeCpu();
    const started = Date.now();
    await page.goto(`${host.url}#/process/${body.value.id}`);
    const node = page.locator('.react-flow__node').first();
    await node.waitFor({ state: 'visible', timeout: 60_000 });
    const visibleMs = Date.now() - started;
    await node.click({ timeout: 60_000 });
    await page.getByTestId('stage-inspector').waitFor({ timeout: 60_000 });
    const interactiveMs = Date.now() - started;
    const interactiveCpu = cpuSince(cpuAtStart);
    console.log(`canvas.first-stage-visible.300x3000: ${visibleMs} ms`);
    console.log(`canvas.interactive.300x3000: ${interactiveMs} ms`);
    for (const [kind, ms] of interactiveCpu) console.log(`canvas.interactive.300x3000.cpu.${kind}: ${ms.toFixed(0)} ms`);

    const before = await page.locator('.react-flow__node').first().boundingBox();
    const cpuBeforeDrag = processTreeCpu();
    const frames = (await page.evaluate(DRAG)) as number[];
    const dragCpu = cpuSince(cpuBeforeDrag);
    const moved = await page.locator('.react-flow__node').first().boundingBox();
    const sorted = [...frames].sort((a, b) => a - b);
    console.log(`canvas.drag.frames: ${frames.length} count`);
    console.log(`canvas.drag.frame.median: ${percentile(sorted, 50).toFixed(1)} ms`);
    console.log(`canvas.drag.frame.p95: ${percentile(sorted, 95).toFixed(1)} ms`);
    console.log(`canvas.drag.frames.over50ms: ${frames.filter((ms) => ms > 50).length} count`);
    for (const [kind, ms] of dragCpu) console.log(`canvas.drag.cpu.per-frame.${kind}: ${(ms / frames.length).toFixed(1)} ms`);
    if (!moved || !before || Math.abs(moved.x - before.x) < 100) throw new Error('the drag did not move the node');

    // The same drag again, traced: where the main thread's time goes, frame by frame.
    await page.waitForTimeout(500);
    const cdp = await page.context().newCDPSession(page);
    const traced = await traceFrames(cdp, () => page.evaluate(DRAG));
    const cpuSorted = [...traced.perFrame].sort((a, b) => a - b);
    console.log(`canvas.drag.main-thread.cpu.median: ${percentile(cpuSorted, 50).toFixed(1)} ms`);
    console.log(`canvas.drag.main-thread.cpu.p95: ${percentile(cpuSorted, 95).toFixed(1)} ms`);
    for (const [kind, ms] of Object.entries(traced.breakdown).sort((a, b) => b[1] - a[1])) {
      console.log(`canvas.drag.main-thread.cpu.${kind}: ${ms.toFixed(1)} ms`);
    }
  } finally {
    await browser.close();
    await host.stop();
    await workspace.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
