import { processIo, println, type CliIo } from './cli/io';
import { USAGE } from './cli/usage';

type Command = (args: string[], io: CliIo) => Promise<number>;

/**
 * Every `stagecraft <command>`; each takes its own arguments and an io object. Each is loaded
 * when run, so `simulate` does not pay for the HTTP host, CSV import or export code at start-up.
 */
export const COMMANDS: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./cli/start')).startCommand,
  host: async () => (await import('./cli/host')).hostCommand,
  sample: async () => (await import('./cli/sample')).sampleCommand,
  validate: async () => (await import('./cli/validate')).validateCommand,
  simulate: async () => (await import('./cli/simulate')).simulateCommand,
  'import-fields': async () => (await import('./cli/importFields')).importFieldsCommand,
  calibrate: async () => (await import('./cli/calibrate')).calibrateCommand,
  export: async () => (await import('./cli/export')).exportCommand,
  report: async () => (await import('./cli/export')).reportCommand,
  diff: async () => (await import('./cli/diff')).diffCommand,
  history: async () => (await import('./cli/history')).historyCommand,
  'live-relay': async () => (await import('./cli/liveRelay')).liveRelayCommand,
};

/** Runs the CLI on `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  const load = name === undefined || !Object.hasOwn(COMMANDS, name) ? undefined : COMMANDS[name];
  if (!load) {
    if (name !== undefined) println(io.stderr, `stagecraft: unknown command "${name}"`);
    io.stderr.write(USAGE);
    return 2;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (error) {
    println(io.stderr, `stagecraft ${name}: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

/** Entry used by bin/stagecraft.cjs and `node out/main/cli.js`. */
export function run(argv: string[] = process.argv.slice(2)): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) run();
