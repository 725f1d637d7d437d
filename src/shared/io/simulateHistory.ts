import type { Process } from '../model/schema';
import { createRngState, nextUint32, type Seed } from '../sim/rng';
import type { DealHistory, StageHistory } from './history';

/**
 * A stage history generated from a process, as a CRM would have recorded it if deals really moved
 * by the model's probabilities: for the statistical test that calibration recovers what it was
 * given, for benchmarks, and for demo fixtures. Seeded, so the same call gives the same history.
 */

/** What to generate. */
export interface SimulateHistoryOptions {
  deals: number;
  seed: Seed;
  /** Epoch ms the first deal starts; deals start a few hours apart. */
  start: number;
  /**
   * The moment the export is taken, epoch ms: changes after it are not in the file, so deals still
   * working then are open. Default: never (every deal finishes). A calendar cut-off, as in a real
   * export, leaves the transition probabilities unbiased because days in a stage do not depend
   * on where the deal goes next.
   */
  until?: number;
  /** Hours between the starts of consecutive deals. Default 3. */
  spacingHours?: number;
  /** Cap on stage visits per deal, so loops cannot run forever. Default 200. */
  maxSteps?: number;
}

const DAY_MS = 86_400_000;

/**
 * Walks `deals` opportunities from the start stage by the transition probabilities; days in a
 * stage are exponential with the stage's `expectedDays` as mean. Stage names (not ids) are
 * written, as a CRM export would.
 */
export function simulateHistory(process: Process, options: SimulateHistoryOptions): StageHistory {
  const rng = createRngState(options.seed);
  const uniform = (): number => (nextUint32(rng) + 0.5) / 4294967296;
  const start = process.stages.find((stage) => stage.kind === 'start');
  if (!start) return { format: 'generic', deals: [], events: 0, stageNames: [] };
  const exits = new Map<string, { to: string; p: number }[]>();
  for (const t of process.transitions) {
    const list = exits.get(t.from) ?? [];
    list.push({ to: t.to, p: t.probability });
    exits.set(t.from, list);
  }
  const byId = new Map(process.stages.map((stage) => [stage.id, stage]));
  const maxSteps = options.maxSteps ?? 200;
  const deals: DealHistory[] = [];
  let events = 0;
  for (let d = 0; d < options.deals; d++) {
    let at = options.start + d * 3_600_000 * (options.spacingHours ?? 3);
    let stage = start;
    const entries = [{ stage: stage.name, at, line: 0 }];
    for (let step = 0; step < maxSteps; step++) {
      const out = exits.get(stage.id);
      if (!out || out.length === 0 || stage.kind === 'won' || stage.kind === 'lost') break;
      const u = uniform();
      let acc = 0;
      let next = out[out.length - 1]!.to;
      for (const exit of out) {
        acc += exit.p;
        if (u < acc) {
          next = exit.to;
          break;
        }
      }
      at += -Math.log(uniform()) * Math.max(stage.expectedDays, 0.01) * DAY_MS;
      stage = byId.get(next)!;
      entries.push({ stage: stage.name, at: Math.round(at), line: 0 });
    }
    const until = options.until;
    if (until !== undefined) {
      if (entries[0]!.at > until) continue;
      while (entries[entries.length - 1]!.at > until) entries.pop();
    }
    events += entries.length;
    deals.push({ id: `D-${String(d + 1).padStart(6, '0')}`, entries });
  }
  return { format: 'generic', deals, events, stageNames: process.stages.map((stage) => stage.name) };
}

/** A history as a generic `case id,stage,timestamp` CSV (ISO timestamps, LF line ends). */
export function historyToCsv(history: StageHistory): string {
  const lines = ['case id,stage,timestamp'];
  for (const deal of history.deals) {
    for (const entry of deal.entries) lines.push(`${deal.id},${quote(entry.stage)},${new Date(entry.at).toISOString()}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A history as a Salesforce OpportunityFieldHistory export: one `StageName` row per change, and,
 * as in a real org, `Amount` rows in between that calibration must ignore.
 */
export function historyToFieldHistoryCsv(history: StageHistory): string {
  const lines = ['Id,OpportunityId,CreatedById,CreatedDate,Field,DataType,OldValue,NewValue'];
  let row = 0;
  const stamp = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');
  for (const deal of history.deals) {
    for (let i = 1; i < deal.entries.length; i++) {
      const before = deal.entries[i - 1]!;
      const entry = deal.entries[i]!;
      row++;
      if (row % 4 === 0) lines.push(`017H${String(row).padStart(11, '0')}A,${deal.id},005Hs00000AbCdE,${stamp(entry.at - 60_000)},Amount,Currency,"12,000","15,500"`);
      lines.push(`017H${String(row).padStart(11, '0')},${deal.id},005Hs00000AbCdE,${stamp(entry.at)},StageName,Picklist,${quote(before.stage)},${quote(entry.stage)}`);
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

function quote(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
