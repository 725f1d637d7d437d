/** Where a command writes and what it may read from its environment; tests pass their own. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
  platform: NodeJS.Platform;
}

/** The real process streams and environment. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    platform: process.platform,
  };
}

/** Writes `text` followed by a newline. */
export function println(stream: { write(text: string): unknown }, text = ''): void {
  stream.write(`${text}\n`);
}

/** Resolves at the first Ctrl-C (SIGINT) or SIGTERM, so a long-running command can shut down cleanly. */
export function waitForSignal(): Promise<void> {
  return new Promise((resolvePromise) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolvePromise();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
