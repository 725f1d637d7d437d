import { mkdir, writeFile } from 'node:fs/promises';
import { test, expect } from '../harness/fixtures';
import { LibraryPage } from '../pages/LibraryPage';
import { EditorPage } from '../pages/EditorPage';
import { FileMenu, pngSize } from '../pages/FileMenu';

const SAMPLE = 'Lead to cash — B2B software (sample)';

test('the stage graph exports as PNG at the chosen scale and as SVG with its stages and arrows', async ({ page, host }) => {
  const library = new LibraryPage(page);
  await library.goto(host.url);
  await library.open(SAMPLE);
  const editor = new EditorPage(page);
  await editor.waitForCanvas();
  const exports = new FileMenu(page);
  await page.screenshot({ path: 'test-results/screens/editor-topbar.png', clip: { x: 0, y: 0, width: 1440, height: 120 } });

  const one = await exports.image({ format: 'PNG', scale: 1, heat: false });
  expect(one.name).toMatch(/@1x\.png$/);
  const small = pngSize(one.bytes);
  // The whole graph, not the part on screen: wider than tall for a left-to-right process.
  expect(small.width).toBeGreaterThan(small.height);
  expect(small.width).toBeGreaterThan(600);

  const two = await exports.image({ format: 'PNG', scale: 2, heat: true });
  expect(two.name).toMatch(/-heat@2x\.png$/);
  expect(pngSize(two.bytes)).toEqual({ width: small.width * 2, height: small.height * 2 });
  // Kept to look at: the heat picture as a workshop would paste it into slides.
  await mkdir('test-results/screens', { recursive: true });
  await writeFile('test-results/screens/graph-heat@2x.png', two.bytes);
  await writeFile('test-results/screens/graph@1x.png', one.bytes);
  // The heat view is restored to how it was once the picture is taken.
  await expect(page.locator('.stage-node.heat')).toHaveCount(0);

  const svg = await exports.image({ format: 'SVG', heat: false });
  expect(svg.name).toMatch(/\.svg$/);
  expect(svg.text.startsWith('<svg')).toBe(true);
  for (const stage of ['Lead', 'Qualified', 'Discovery', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost']) {
    expect(svg.text).toContain(`data-stage-name="${stage}"`);
  }
  const edgeCount = await editor.edges().count();
  expect(edgeCount).toBeGreaterThan(5);
  expect(svg.text.match(/class="react-flow__edge-path"/g)?.length).toBe(edgeCount);
});

test('the export menu works from the keyboard and says why the image needs the stage graph', async ({ page, host }) => {
  const library = new LibraryPage(page);
  await library.goto(host.url);
  await library.open(SAMPLE);
  const editor = new EditorPage(page);
  await editor.waitForCanvas();
  const exports = new FileMenu(page);

  await page.keyboard.press('Control+e');
  await expect(exports.item(/Import fields/)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(exports.item(/stage graph as image/)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu', { name: 'File' })).toBeHidden();
  await expect(exports.button()).toBeFocused();

  await page.keyboard.press('Control+Shift+E');
  await expect(page.getByRole('dialog', { name: 'Export the stage graph as an image' })).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Field register' }).click();
  await exports.button().click();
  await expect(exports.item(/stage graph as image/)).toHaveAttribute('aria-disabled', 'true');
  await expect(exports.item(/stage graph as image/)).toContainText('Switch to the stage graph first');
});
