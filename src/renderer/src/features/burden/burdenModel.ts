/**
 * The burden panel's view-model, one module per job; this index keeps older imports working.
 * - `burdenView.ts` — the figures (document and what-if) and the canvas heat;
 * - `burdenFormat.ts` — numbers as text; `burdenCharts.ts` — chart rows;
 * - `whatIfView.ts` — the what-if list (application is in `shared/sim/whatIf.ts`);
 * - `kpiUnits.ts` — KPI targets in the user's units; `problemSentence.ts` — problems as sentences;
 * - `monteCarloInput.ts` — run sizes and the seed.
 */
export * from './burdenView';
export * from './burdenFormat';
export * from './burdenCharts';
export * from './whatIfView';
export * from './kpiUnits';
export * from './problemSentence';
export * from './monteCarloInput';
export { applyWhatIf, pruneOverrides, setOverride } from '../../../../shared/sim/whatIf';
