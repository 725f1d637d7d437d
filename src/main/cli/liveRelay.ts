import { parseArgs } from 'node:util';
import { startRelay, type Relay } from '../services/live/relay';
import { type CliIo, println, waitForSignal } from './io';

export interface LiveRelayDeps {
  /** Resolves when the relay should stop; default: the first SIGINT or SIGTERM. */
  waitForShutdown?: (relay: Relay) => Promise<void>;
}

const USAGE = 'Usage: stagecraft live-relay --port N --publisher-token A --reader-token B [--bind ADDRESS]';

/**
 * `stagecraft live-relay` — a standalone Yjs WebSocket server for the workshop's live documents
 * (see shared/live/README.md, "Beyond one room"). The tokens may also come from
 * $STAGECRAFT_RELAY_PUBLISHER_TOKEN and $STAGECRAFT_RELAY_READER_TOKEN, which other users of the
 * machine cannot read in the process list.
 */
export async function liveRelayCommand(args: string[], io: CliIo, deps: LiveRelayDeps = {}): Promise<number> {
  let values: { port?: string; bind?: string; 'publisher-token'?: string; 'reader-token'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        bind: { type: 'string' },
        'publisher-token': { type: 'string' },
        'reader-token': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    println(io.stderr, `stagecraft live-relay: ${(error as Error).message}`);
    return 2;
  }
  if (values.help) {
    println(io.stdout, USAGE);
    return 0;
  }
  const port = Number(values.port);
  if (values.port === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
    println(io.stderr, `stagecraft live-relay: --port must be a whole number from 0 to 65535${values.port === undefined ? '' : `, got "${values.port}"`}`);
    return 2;
  }
  const publisherToken = values['publisher-token'] ?? io.env.STAGECRAFT_RELAY_PUBLISHER_TOKEN ?? '';
  const readerToken = values['reader-token'] ?? io.env.STAGECRAFT_RELAY_READER_TOKEN ?? '';
  let relay: Relay;
  try {
    relay = await startRelay({
      port,
      ...(values.bind ? { bind: values.bind } : {}),
      publisherToken,
      readerToken,
      log: (line) => println(io.stderr, line),
    });
  } catch (error) {
    println(io.stderr, `stagecraft live-relay: could not start: ${(error as Error).message}`);
    println(io.stderr, USAGE);
    return 1;
  }
  println(io.stdout, `Stagecraft live relay is running at ${relay.url}/`);
  println(io.stdout, 'Press Ctrl-C to stop.');
  await (deps.waitForShutdown ?? waitForSignal)(relay);
  await relay.close();
  return 0;
}
