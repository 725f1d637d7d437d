import { calibrateCommand } from './cli/calibrate';
import { diffCommand } from './cli/diff';
import { historyCommand } from './cli/history';
import { exportCommand, reportCommand } from './cli/export';
import { hostCommand } from './cli/host';
import { importFieldsCommand } from './cli/importFields';
import { liveRelayCommand } from './cli/liveRelay';
import { processIo, println, type CliIo } from './cli/io';
import { sampleCommand } from './cli/sample';
import { simulateCommand } from './cli/simulate';
import { startCommand } from './cli/start';
import { USAGE } from './cli/usage';
import { validateCommand } from './cli/validate';

type Command = (args: string[], io: CliIo) => Promise<number>;

/** Every `stagecraft <command>`; each takes its own arguments and an io object. */
export const COMMANDS: Record<string, Command> = {
  start: startCommand,
  host: hostCommand,
  sample: sampleCommand,
  validate: validateCommand,
  simulate: simulateCommand,
  'import-fields': importFieldsCommand,
  calibrate: calibrateCommand,
  export: exportCommand,
  report: reportCommand,
  diff: diffCommand,
  history: historyCommand,
  'live-relay': liveRelayCommand,
};

/** Runs the CLI on `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    if (name !== undefined) println(io.stderr, `stagecraft: unknown command "${name}"`);
    io.stderr.write(USAGE);
    return 2;
  }
  try {
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
