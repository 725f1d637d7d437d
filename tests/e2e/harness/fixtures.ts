import { test as base, expect } from '@playwright/test';
import { launchHost, makeWorkspace, type Host } from './host';

interface Fixtures {
  /** A host on a fresh temp workspace; restart it with `restartHost`. */
  host: Host;
  restartHost: () => Promise<Host>;
}

export const test = base.extend<Fixtures & { workspaceDir: string }>({
  // Playwright reads fixture dependencies from the destructuring pattern; this one has none.
  workspaceDir: async ({}, use) => {
    const workspace = await makeWorkspace();
    await use(workspace.dir);
    await workspace.remove();
  },
  host: async ({ workspaceDir }, use) => {
    const host = await launchHost(workspaceDir);
    await use(host);
    await host.stop();
  },
  restartHost: async ({ host }, use) => {
    let current = host;
    await use(async () => {
      const port = Number(new URL(current.url).port);
      await current.stop();
      current = await launchHost(current.workspace, port);
      return current;
    });
    await current.stop();
  },
});

export { expect };
