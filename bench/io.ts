/**
 * Import, calibration and report benchmarks. Run: `npx tsx bench/io.ts`. Prints `name: value unit`
 * lines (median of several runs after a warm-up). Targets: import.csv.5000-fields ≤ 1000 ms,
 * calibrate.100k-events ≤ 1000 ms, report.html.sample ≤ 500 ms.
 */
import { planFieldImport } from '../src/shared/io/fieldImport';
import { applyImport } from '../src/shared/io/importPlan';
import { readHistory } from '../src/shared/io/history';
import { calibrate } from '../src/shared/io/calibrate';
import { reportHtml } from '../src/shared/io/reportHtml';
import { historyToFieldHistoryCsv, simulateHistory } from '../src/shared/io/simulateHistory';
import { createSampleProcess } from '../src/shared/model/sample';

const NOW = '2026-01-01T00:00:00.000Z';
const sample = createSampleProcess(NOW);

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

// Wall time is what a user waits; CPU time (this process, all threads) is printed beside it
// because on a shared, overloaded machine wall time mostly measures the other processes.
const cpu: Record<string, number> = {};
function timeMs(fn: () => void, repeats: number, name?: string): number {
  fn();
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    cpuSamples.push((used.user + used.system) / 1000);
  }
  if (name) cpu[name] = median(cpuSamples);
  return median(samples);
}

// 5,000 fields as a CRM admin's hand-made CSV: semicolons, quoted help text with commas and line
// breaks, stage names in another spelling, a UTF-8 BOM.
const types = ['Text', 'Picklist', 'Checkbox', 'Date', 'Currency', 'Number', 'Long text'];
const stages = ['lead', 'QUALIFIED', 'Discovery', 'proposal', 'Negotiation', 'closed won'];
const lines = ['API name;Label;Type;Required;Description;Stage'];
for (let i = 0; i < 5000; i++) {
  lines.push(`Field_${i}__c;Field ${i} label;${types[i % types.length]};${i % 3 === 0 ? 'yes' : 'no'};"Why field ${i} exists; used by finance,\nreviewed ""quarterly""";${stages[i % stages.length]}`);
}
const csv = new TextEncoder().encode(`\ufeff${lines.join('\r\n')}\r\n`);
let added = 0;
const importMs = timeMs(() => {
  const result = planFieldImport(sample, [{ name: 'fields.csv', bytes: csv }]);
  if (!result.ok) throw new Error(result.message);
  added = applyImport(sample, result.plan).stages.reduce((n, s) => n + s.fields.length, 0);
}, 5, 'import');
if (added < 5000) throw new Error(`only ${added} fields imported`);
console.log(`import.csv.5000-fields: ${importMs.toFixed(1)} ms`);
console.log(`import.csv.5000-fields.cpu: ${cpu.import!.toFixed(1)} ms`);

// ~100,000 stage changes as a Salesforce OpportunityFieldHistory export (with Amount rows).
const history = simulateHistory(sample, { deals: 48000, seed: 'bench', start: Date.UTC(2025, 0, 1) });
const bytes = new TextEncoder().encode(historyToFieldHistoryCsv(history));
let events = 0;
const calibrateMs = timeMs(() => {
  const read = readHistory(bytes, { name: 'history.csv' });
  if (!read.ok) throw new Error(read.message);
  const result = calibrate(sample, read.history);
  if (!result.ok) throw new Error(result.message);
  events = read.history.events;
}, 5, 'calibrate');
console.log(`calibrate.events: ${events} events`);
console.log(`calibrate.100k-events: ${calibrateMs.toFixed(1)} ms`);
console.log(`calibrate.100k-events.cpu: ${cpu.calibrate!.toFixed(1)} ms`);

console.log(`report.html.sample: ${timeMs(() => reportHtml(sample, { now: NOW }), 9).toFixed(1)} ms`);
