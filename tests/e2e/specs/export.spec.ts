import { execFileSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
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

  // Keyboard only: park the pointer (left over from clicking "Open") where the menu cannot open under it.
  await page.mouse.move(5, 700);
  await page.keyboard.press('Control+e');
  await expect(exports.item(/Import fields/)).toBeFocused();
  await page.keyboard.press('ArrowDown');
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

test('the field register CSV, the workshop report and the rep handout come out with their contents, and the report prints to PDF', async ({ page, host }) => {
  const library = new LibraryPage(page);
  await library.goto(host.url);
  await library.open(SAMPLE);
  const editor = new EditorPage(page);
  await editor.waitForCanvas();
  const exports = new FileMenu(page);

  const csv = await exports.download(/field register \(CSV\)/);
  expect(csv.name).toMatch(/-field-register\.csv$/);
  // Excel-friendly: a UTF-8 byte-order mark, CRLF line ends, every cell quoted.
  expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = csv.text.slice(1).split('\r\n').filter((line) => line !== '');
  expect(lines).toHaveLength(38);
  expect(lines[0]).toMatch(/^"/);
  expect(csv.text).toContain('"Pricing rationale"');

  const report = await exports.download(/workshop report \(HTML\)/);
  expect(report.name).toMatch(/-report\.html$/);
  expect(report.text).toContain('Lead to cash — B2B software (sample)');
  expect(report.text).toContain('Pricing rationale');
  // The graph as the room saw it, embedded: the file stands alone.
  expect(report.text).toMatch(/<img[^>]+src="data:image\/png;base64,/);
  expect(report.text).not.toMatch(/<script/i);

  const handout = await exports.download(/rep handout \(HTML\)/);
  expect(handout.text).toContain('What we ask you to fill in, and why');
  expect(handout.text).toContain('Discovery');

  const help = await exports.download(/CRM help text/);
  expect(help.text).toContain('API name');

  // Print the report as the host's print would, on A4, and look at the pages.
  await mkdir('test-results/report', { recursive: true });
  await writeFile('test-results/report/report.html', report.text);
  const printed = await page.context().newPage();
  await printed.setContent(report.text, { waitUntil: 'load' });
  await printed.emulateMedia({ media: 'print' });
  const pdf = await printed.pdf({ format: 'A4', printBackground: false });
  await printed.close();
  await writeFile('test-results/report/report.pdf', pdf);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  execFileSync('pdftoppm', ['-png', '-r', '60', 'test-results/report/report.pdf', 'test-results/report/page']);
  const pages = (await readdir('test-results/report')).filter((name) => name.startsWith('page') && name.endsWith('.png'));
  expect(pages.length).toBeGreaterThan(1);
});
