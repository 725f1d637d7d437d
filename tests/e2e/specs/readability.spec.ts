import type { Locator, Page } from '@playwright/test';
import { test, expect } from '../harness/fixtures';
import { LibraryPage } from '../pages/LibraryPage';
import { EditorPage } from '../pages/EditorPage';
import { ReviewPage } from '../pages/ReviewPage';
import { RegisterPage } from '../pages/RegisterPage';

const SAMPLE = 'Lead to cash — B2B software (sample)';

/** Every stage name's on-screen height: its CSS font size × the canvas zoom. */
async function nameHeights(page: Page): Promise<Array<{ name: string; px: number }>> {
  return page.evaluate(() => {
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
    const zoom = viewport ? new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a : 1;
    return [...document.querySelectorAll<HTMLElement>('.stage-name')].map((el) => ({
      name: el.textContent ?? '',
      px: Number.parseFloat(getComputedStyle(el).fontSize) * zoom,
    }));
  });
}

async function openSampleAt(page: Page, url: string, width: number, height: number): Promise<EditorPage> {
  await page.setViewportSize({ width, height });
  const library = new LibraryPage(page);
  await library.goto(url);
  await library.open(SAMPLE);
  const editor = new EditorPage(page);
  await editor.waitForCanvas();
  return editor;
}

async function fitView(page: Page): Promise<void> {
  await page.locator('.top-bar').getByRole('button', { name: 'Fit view' }).click();
  await page.waitForTimeout(400);
}

for (const [width, height, open, hidden] of [
  [1280, 720, 14, 18],
  [1920, 1080, 14, 18],
] as const) {
  test(`fit view of the sample at ${width}×${height} shows every stage name at ≥ ${open} px (panel open) and ≥ ${hidden} px (panel hidden)`, async ({
    page,
    host,
  }) => {
    await openSampleAt(page, host.url, width, height);
    await fitView(page);
    const withPanel = await nameHeights(page);
    expect(withPanel).toHaveLength(7);
    for (const { name, px } of withPanel) expect(px, `${name} with the panel open`).toBeGreaterThanOrEqual(open);
    // The top bar stays on one line.
    const bar = await page.locator('.top-bar').boundingBox();
    expect(bar!.height).toBeLessThan(56);
    await page.screenshot({ path: `test-results/screens/canvas-${width}x${height}-panel-open.png` });

    await page.getByRole('button', { name: 'Hide the side panel' }).click();
    await fitView(page);
    const withoutPanel = await nameHeights(page);
    for (const { name, px } of withoutPanel) expect(px, `${name} with the panel hidden`).toBeGreaterThanOrEqual(hidden);
    await page.screenshot({ path: `test-results/screens/canvas-${width}x${height}-panel-hidden.png` });
  });
}

test('cards carry the facts a room argues about, Won and Lost included', async ({ page, host }) => {
  const editor = await openSampleAt(page, host.url, 1280, 720);
  const won = editor.stage('Closed Won');
  await expect(won.getByTestId('card-commission')).toContainText('4 blocks pay');
  await expect(won.getByTestId('card-required')).toContainText('required');
  const negotiation = editor.stage('Negotiation');
  await expect(negotiation.getByTestId('card-weekly')).toContainText('weekly');
  // The card's minutes per visit are the burden panel's (one definition).
  const cardMinutes = (await negotiation.getByTestId('card-minutes').innerText()).split('/')[0]!.trim();
  await editor.tab('Admin burden').click();
  const row = page.getByRole('table', { name: 'Admin time by stage' }).getByRole('row', { name: /Negotiation/ });
  await expect(row).toContainText(cardMinutes);
});

test('no arrow passes through a card, and no label covers a handle', async ({ page, host }) => {
  await openSampleAt(page, host.url, 1920, 1080);
  await fitView(page);
  const report = await page.evaluate(() => {
    const cards = [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((el) => ({
      id: el.dataset.id ?? '',
      rect: el.getBoundingClientRect(),
    }));
    const crossings: string[] = [];
    for (const edge of document.querySelectorAll<SVGGElement>('.react-flow__edge')) {
      const path = edge.querySelector<SVGPathElement>('path.react-flow__edge-path');
      if (!path) continue;
      const id = edge.getAttribute('data-id') ?? '';
      const label = document.querySelector<HTMLElement>(`.edge-label[data-edge-id="${CSS.escape(id)}"]`);
      const ends = new Set([label?.dataset.edgeSource ?? '', label?.dataset.edgeTarget ?? '']);
      const m = path.getScreenCTM()!;
      const length = path.getTotalLength();
      for (let d = 0; d <= length; d += 4) {
        const p = path.getPointAtLength(d);
        const x = p.x * m.a + m.e;
        const y = p.y * m.d + m.f;
        const hit = cards.find(
          (card) => card.rect.left + 3 < x && x < card.rect.right - 3 && card.rect.top + 3 < y && y < card.rect.bottom - 3,
        );
        if (hit) {
          crossings.push(`${id} through ${hit.id}${ends.has(hit.id) ? ' (own end)' : ''}`);
          break;
        }
      }
    }
    const handles = [...document.querySelectorAll<HTMLElement>('.react-flow__handle')].map((el) => el.getBoundingClientRect());
    const covered = [...document.querySelectorAll<HTMLElement>('.edge-label')]
      .filter((label) => {
        const r = label.getBoundingClientRect();
        return handles.some((h) => r.left < h.right && r.right > h.left && r.top < h.bottom && r.bottom > h.top);
      })
      .map((label) => label.innerText);
    return { crossings, covered };
  });
  expect(report.crossings).toEqual([]);
  expect(report.covered).toEqual([]);
});

test('the heat view has a legend with its scale and a word on every card', async ({ page, host }) => {
  const editor = await openSampleAt(page, host.url, 1280, 720);
  await page.getByRole('button', { name: 'Hide the side panel' }).click();
  await page.getByRole('button', { name: 'Heat view' }).click();
  await fitView(page);
  const legend = page.getByTestId('heat-legend');
  await expect(legend).toContainText('admin minutes per deal');
  await expect(legend).toContainText('highest');
  await expect(editor.stage('Negotiation').getByTestId('card-heat')).toContainText(/heat: (low|medium|high|highest)/);
  await page.screenshot({ path: 'test-results/screens/heat-view-legend.png' });
});

test('the first screen counts problems in one vocabulary: tab, overview, Problems tab and register agree and add up', async ({ page, host }) => {
  await openSampleAt(page, host.url, 1280, 720);
  const numbers = (text: string): number[] => [...text.matchAll(/\d+/g)].map((match) => Number(match[0]));

  // The tab names the total.
  const tab = page.getByRole('tab', { name: /^Problems/ });
  const [total] = numbers(await tab.innerText());
  expect(total).toBeGreaterThan(0);

  // The overview: the total = errors + warnings, and the warnings by kind add up to the warnings.
  const overview = await page.getByTestId('overview-problems').innerText();
  const [sentence, flagLine] = overview.split(/(?<=\.) /);
  const [overviewTotal, errors, warnings, ...kinds] = numbers(sentence!);
  expect(sentence).toMatch(/^\d+ problems: \d+ errors? and \d+ warnings? \(/);
  expect(overviewTotal).toBe(total);
  expect(errors! + warnings!).toBe(total);
  expect(kinds.reduce((sum, n) => sum + n, 0)).toBe(warnings);
  // Flagged fields are placed inside that total, in the same words everywhere.
  expect(flagLine).toMatch(/^\d+ fields flagged \(unjustified or unread\), behind \d+ of the \d+ problems\.$/);
  const [flagged, behind, flagTotal] = numbers(flagLine!);
  expect(flagTotal).toBe(total);
  const unjustified = Number(/(\d+) unjustified fields?/.exec(sentence!)?.[1] ?? 0);
  const unread = Number(/(\d+) unread fields?/.exec(sentence!)?.[1] ?? 0);
  expect(behind).toBe(unjustified + unread);

  // The Problems tab says the same two sentences, and lists as many problems as it counts.
  await tab.click();
  await expect(page.getByTestId('problem-summary')).toHaveText(overview);
  await expect(page.locator('.problem-list .problem')).toHaveCount(total!);

  // The register says the flag line in the same words, and its Flagged choice shows that many fields.
  const register = new RegisterPage(page);
  await register.open();
  await expect(register.root().getByTestId('register-flagged')).toContainText(flagLine!);
  await register.root().getByTestId('register-flagged').getByRole('button', { name: 'Show them' }).click();
  expect((await register.counts()).shown).toBe(flagged);
  await page.screenshot({ path: 'test-results/screens/register-flagged.png' });
});

/** Every control of the top bar: its box and whether its content is cut off inside it. */
async function topBarControls(page: Page): Promise<Array<{ name: string; left: number; right: number; top: number; bottom: number }>> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.top-bar button, .top-bar h1, .top-bar [role=status]')].map((element) => {
      const box = element.getBoundingClientRect();
      return {
        name: element.getAttribute('aria-label') ?? element.textContent?.trim() ?? '',
        left: box.left,
        right: box.right,
        top: box.top,
        bottom: box.bottom,
      };
    }),
  );
}

test('the top bar stays on one row at 1280×720, every control inside the window, even with a long name acting', async ({ page, host }) => {
  await openSampleAt(page, host.url, 1280, 720);
  for (const acting of [null, 'Alexandra Konstantinopoulou-Wetherby']) {
    if (acting) await new ReviewPage(page).actAs(acting, 'Sales Management');
    const controls = await topBarControls(page);
    expect(controls.map((control) => control.name)).toEqual(expect.arrayContaining(['Undo', 'Redo', 'Present', 'Fit view']));
    expect(controls.some((control) => /Who is acting\?|Alexandra/.test(control.name))).toBe(true);
    const row = controls[0]!;
    for (const control of controls) {
      expect(control.left, `${control.name} starts inside the window`).toBeGreaterThanOrEqual(0);
      expect(control.right, `${control.name} ends inside the window`).toBeLessThanOrEqual(1280);
      // One row: every control overlaps the first one vertically.
      expect(control.top, `${control.name} on the first row`).toBeLessThan(row.bottom);
      expect(control.bottom, `${control.name} on the first row`).toBeGreaterThan(row.top);
    }
    // Nothing is scrolled out of the bar either.
    expect(await page.locator('.top-bar').evaluate((bar) => bar.scrollWidth - bar.clientWidth)).toBeLessThanOrEqual(0);
    if (!acting) {
      const identity = page.getByTestId('identity');
      await expect(identity).toHaveText('Who is acting?');
      expect(await identity.evaluate((button) => button.scrollWidth - button.clientWidth), '"Who is acting?" is not cut off').toBeLessThanOrEqual(0);
    }
    const title = await page.locator('.top-bar .process-title').boundingBox();
    expect(title!.width, 'the process title keeps some of its words').toBeGreaterThanOrEqual(100);
  }
  await page.locator('.top-bar').screenshot({ path: 'test-results/screens/top-bar-1280.png' });
});

/** Stage cards whose box overlaps the minimap's, on screen. */
async function stagesUnderMinimap(page: Page): Promise<string[]> {
  return stagesUnder(page, page.locator('.react-flow__minimap'));
}

/** Names of the stages whose card overlaps what `overlay` covers on screen. */
async function stagesUnder(page: Page, overlay: Locator): Promise<string[]> {
  return overlay.evaluate((element) => {
    const map = element.getBoundingClientRect();
    return [...document.querySelectorAll<HTMLElement>('.react-flow__node')]
      .filter((node) => {
        const box = node.getBoundingClientRect();
        return box.left < map.right && box.right > map.left && box.top < map.bottom && box.bottom > map.top;
      })
      .map((node) => node.querySelector('[data-stage-name]')?.getAttribute('data-stage-name') ?? node.id);
  });
}

for (const [width, height] of [
  [1280, 720],
  [1920, 1080],
] as const) {
  test(`fit view of the sample at ${width}×${height} leaves the minimap and the “‹ Panel” button clear of every stage, panel open and hidden`, async ({ page, host }) => {
    const editor = await openSampleAt(page, host.url, width, height);
    await expect(page.locator('.react-flow__minimap')).toBeVisible();
    await fitView(page);
    await expect(editor.stageNodes()).toHaveCount(7);
    expect(await stagesUnderMinimap(page)).toEqual([]);
    await page.getByRole('button', { name: 'Hide the side panel' }).click();
    await fitView(page);
    expect(await stagesUnderMinimap(page)).toEqual([]);
    expect(await stagesUnder(page, page.getByRole('button', { name: 'Show the side panel' }))).toEqual([]);
    await page.screenshot({ path: `test-results/screens/minimap-${width}x${height}-panel-hidden.png` });
  });
}
