/**
 * Canvas benchmark: opens a generated 300-stage, 3,000-field process in Debian's Chromium through
 * the browser host and prints
 *   canvas.interactive.300x3000 — ms from navigation until a stage can be selected by a click;
 *   canvas.drag.frame.median / p95 — frame times while dragging a node across the canvas, ms;
 *   canvas.drag.frames.over50ms — how many of those frames took longer than 50 ms.
 * Needs the build (`npm run build`); `npm run bench` builds first.
 */
import { chromium } from '@playwright/test';
import { createGeneratedProcess } from '../src/shared/model/generate';
import { launchHost, makeWorkspace } from '../tests/e2e/harness/host';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

async function main(): Promise<void> {
  const workspace = await makeWorkspace();
  const host = await launchHost(workspace.dir);
  const browser = await chromium.launch({
    executablePath: process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
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
    const started = Date.now();
    await page.goto(`${host.url}#/process/${body.value.id}`);
    const node = page.locator('.react-flow__node').first();
    await node.waitFor({ state: 'visible', timeout: 60_000 });
    await node.click({ timeout: 60_000 });
    await page.getByTestId('stage-inspector').waitFor({ timeout: 60_000 });
    const interactiveMs = Date.now() - started;
    console.log(`canvas.interactive.300x3000: ${interactiveMs} ms`);

    // Record frame times in the page while the mouse drags a node across the canvas.
    await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __recording: boolean };
      w.__frames = [];
      w.__recording = true;
      let last = performance.now();
      const tick = (now: number): void => {
        w.__frames.push(now - last);
        last = now;
        if (w.__recording) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const box = await node.boundingBox();
    if (!box) throw new Error('node has no box');
    await page.mouse.move(box.x + 20, box.y + 10);
    await page.mouse.down();
    for (let step = 1; step <= 120; step++) {
      await page.mouse.move(box.x + 20 + step * 6, box.y + 10 + step * 3);
    }
    await page.mouse.up();
    const frames = await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __recording: boolean };
      w.__recording = false;
      return w.__frames.slice(1);
    });
    const sorted = [...frames].sort((a, b) => a - b);
    console.log(`canvas.drag.frames: ${frames.length} count`);
    console.log(`canvas.drag.frame.median: ${percentile(sorted, 50).toFixed(1)} ms`);
    console.log(`canvas.drag.frame.p95: ${percentile(sorted, 95).toFixed(1)} ms`);
    console.log(`canvas.drag.frames.over50ms: ${frames.filter((ms) => ms > 50).length} count`);
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
