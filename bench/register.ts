/**
 * Register benchmark: opens a generated 60-stage, 5,000-field process in Debian's Chromium
 * through the browser host, switches to the field register and scrolls it, printing
 *   register.open.5000 — ms from clicking "Field register" until its first row shows;
 *   register.scroll.5000.frame.median / p95 — main-thread work of each scrolled frame, ms: moving
 *     the list 60 px, the virtualizer's re-render of the rows entering the window (its scroll
 *     listener renders synchronously) and the style and layout of the result, timed inside the
 *     frame. This is what has to fit in 16 ms for 60 frames a second. Timing the work itself
 *     rather than a later message keeps the figure free of other tasks queued on a busy machine;
 *     paint (compositor) is not included;
 *   register.scroll.5000.interval.median / p95 — time between presented frames, ms (vsync-bound);
 *   register.scroll.5000.rows-in-dom — rows rendered at once (virtualized: a window, not 5,000).
 * Headless Chromium here renders without a GPU, so frame intervals snap to 16.7 / 33.3 ms.
 * Needs the build (`npm run build`); `npm run bench` builds first.
 */
import { chromium } from '@playwright/test';
import { createGeneratedProcess } from '../src/shared/model/generate';
import { launchHost, makeWorkspace } from '../tests/e2e/harness/host';
import { chromiumPathHere } from '../tests/e2e/harness/browser';

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
    const process5000 = createGeneratedProcess({ stages: 60, fields: 5000, seed: 11 });
    const response = await fetch(new URL('/api/process:import', host.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ process: process5000, name: 'Bench register 5000' }),
    });
    const body = (await response.json()) as { value?: { id: string }; error?: { message: string } };
    if (!body.value) throw new Error(`import failed: ${body.error?.message}`);

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${host.url}#/process/${body.value.id}`);
    await page.locator('.react-flow__node').first().waitFor({ state: 'visible', timeout: 60_000 });
    const started = Date.now();
    await page.getByRole('button', { name: 'Field register' }).click();
    await page.getByTestId('register-row').first().waitFor({ state: 'visible', timeout: 60_000 });
    console.log(`register.open.5000: ${Date.now() - started} ms`);
    await page.waitForTimeout(500);

    // Scrolled inside the page, one step per animation frame, so the figures are the page's own
    // frame times. Passed as source text: tsx helpers must not leak into the page.
    const result = (await page.evaluate(`new Promise((resolve) => {
      const scroller = document.querySelector('[data-testid="register-scroll"]');
      const frames = [];
      const work = [];
      let maxRows = 0;
      let inFrame = 0;
      let last = performance.now();
      let step = 0;
      const tick = (now) => {
        if (step > 0) frames.push(now - last);
        last = now;
        step++;
        maxRows = Math.max(maxRows, scroller.querySelectorAll('[data-testid="register-row"]').length);
        if (step <= 240) {
          const started = performance.now();
          scroller.scrollTop += 60;
          scroller.dispatchEvent(new Event('scroll'));
          scroller.querySelector('tbody').getBoundingClientRect();
          work.push(performance.now() - started);
          // The rows really moved inside this frame: the last rendered row is at or past the view's bottom.
          const rendered = scroller.querySelectorAll('[data-testid="register-row"]');
          const lastIndex = Number(rendered[rendered.length - 1].dataset.index);
          if ((lastIndex + 1) * 58 >= scroller.scrollTop + scroller.clientHeight - 40) inFrame++;
          requestAnimationFrame(tick);
        } else {
          resolve({ frames, work, maxRows, inFrame, scrollTop: scroller.scrollTop });
        }
      };
      requestAnimationFrame(tick);
    })`)) as { frames: number[]; work: number[]; maxRows: number; inFrame: number; scrollTop: number };
    const intervals = [...result.frames].sort((a, b) => a - b);
    const work = [...result.work].sort((a, b) => a - b);
    console.log(`register.scroll.5000.frames: ${result.frames.length} count`);
    console.log(`register.scroll.5000.frame.median: ${percentile(work, 50).toFixed(1)} ms`);
    console.log(`register.scroll.5000.frame.p95: ${percentile(work, 95).toFixed(1)} ms`);
    console.log(`register.scroll.5000.interval.median: ${percentile(intervals, 50).toFixed(1)} ms`);
    console.log(`register.scroll.5000.interval.p95: ${percentile(intervals, 95).toFixed(1)} ms`);
    console.log(`register.scroll.5000.rows-in-dom: ${result.maxRows} count`);
    console.log(`register.scroll.5000.rows-current-within-frame: ${result.inFrame} count`);
    if (result.inFrame < result.work.length * 0.9) throw new Error('rows were not re-rendered within the frame: the work figure would not be the real one');
    if (result.scrollTop < 5000) throw new Error(`the register did not scroll (scrollTop ${result.scrollTop})`);
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
