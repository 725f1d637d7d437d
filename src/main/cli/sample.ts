import { createSampleProcess } from '../../shared/model/sample';
import { println, type CliIo } from './io';

/** `stagecraft sample` — prints the built-in sample process as JSON. */
export async function sampleCommand(_args: string[], io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  println(io.stdout, JSON.stringify(createSampleProcess(now().toISOString()), null, 2));
  return 0;
}
