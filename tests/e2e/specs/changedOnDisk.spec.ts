import { test, expect } from '../harness/fixtures';
import { launchHost } from '../harness/host';
import { EditorPage } from '../pages/EditorPage';
import { LibraryPage } from '../pages/LibraryPage';

const SAMPLE = 'Lead to cash — B2B software (sample)';

interface StoredProcess {
  id: string;
  name: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
  [key: string]: unknown;
}

/** Calls one API channel on a host, as a browser or script would. */
async function api<T>(url: string, channel: string, input: unknown): Promise<T> {
  const res = await fetch(`${url}api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
  const body = (await res.json()) as { value?: T; error?: { message: string } };
  if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
  return body.value as T;
}

/** Renames the process through another host: a save this browser's host did not make. */
async function renameElsewhere(url: string, id: string, name: string): Promise<number> {
  const { revision, createdAt: _c, updatedAt: _u, ...content } = await api<StoredProcess>(url, 'process:open', { id });
  return (await api<StoredProcess>(url, 'process:save', { process: { ...content, name }, baseRevision: revision })).revision;
}

test('a save by another Stagecraft host shows a banner at once; Reload takes it, Keep mine goes on', async ({ page, host }) => {
  const library = new LibraryPage(page);
  await library.goto(host.url);
  await library.open(SAMPLE);
  const editor = new EditorPage(page);
  await editor.waitForCanvas();
  const banner = page.getByTestId('changed-on-disk-banner');
  await expect(banner).toHaveCount(0);

  // A second host on the same workspace, as another person's browser would use it.
  const other = await launchHost(host.workspace, 0, ['--shared']);
  try {
    const [summary] = (await api<{ processes: { id: string }[] }>(other.url, 'process:list', {})).processes;
    const revision = await renameElsewhere(other.url, summary!.id, 'Renamed by a colleague');

    await expect(banner).toBeVisible();
    await expect(banner).toContainText('This process was changed elsewhere');
    await expect(banner).toContainText(`revision ${revision}`);
    await page.screenshot({ path: 'test-results/screens/changed-on-disk-banner.png' });
    // Non-blocking: the canvas stays usable while the banner is up.
    await expect(editor.stage('Qualified')).toBeVisible();

    await banner.getByRole('button', { name: 'Reload' }).click();
    await expect(banner).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Renamed by a colleague' })).toBeVisible();

    await renameElsewhere(other.url, summary!.id, 'Renamed again elsewhere');
    await expect(banner).toBeVisible();
    await banner.getByRole('button', { name: 'Keep mine' }).click();
    await expect(banner).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Renamed by a colleague' })).toBeVisible();
  } finally {
    await other.stop();
  }
});
