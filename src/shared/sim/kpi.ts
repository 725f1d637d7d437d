import type { Kpi, KpiKind, Process } from '../model/schema';
import { compileGraph, STAGE_TRANSIENT } from './compile';
import { analyzeChain } from './markov';

/**
 * KPI sanity check: what the stage graph implies for each KPI target, and which targets cannot
 * hold together.
 *
 * Reading of the KPIs against the graph:
 * - `opportunity-conversion` — implied by P(won) from the start stage;
 * - `win-rate` ("share of qualified deals won") — the graph has no "qualified" marker, so the
 *   qualifying stage is taken to be the start stage's most likely working successor, and the
 *   implied rate is P(won | that stage reached) = P(won from it). Without one, P(won) from start;
 * - `pipeline-coverage` c× — a pipeline c times the target only books the target at a win rate
 *   of 1 / c, so it is compared with P(won);
 * - `sales-cycle-days` — compared with the expected days from start to won / lost.
 */

/** `ok`: target and graph agree; `warning`: noticeably apart; `error`: cannot both be true. */
export type KpiSeverity = 'ok' | 'warning' | 'error';

/** One finding, with the numbers behind it. */
export interface KpiFinding {
  /** The KPI kind, or `contradiction` when two targets disagree with each other. */
  kind: KpiKind | 'contradiction';
  /** The KPI(s) concerned. */
  kpiIds: string[];
  severity: KpiSeverity;
  /** The target as set (rates 0..1, coverage as a multiple, cycle in days). */
  target: number;
  /** What the graph (or, for a contradiction, the other KPI) implies, same unit as `target`. */
  implied: number;
  /** A readable sentence with the numbers. */
  message: string;
}

/** What the KPI check needs from an engine result. */
export interface KpiBasis {
  /** P(won) from the start stage, 0..1. */
  winProbability: number;
  /** Expected days from start to won / lost. */
  daysToClose: number;
  /**
   * P(won) of deals that reach the qualifying stage (see module notes). Left out, `checkKpis`
   * computes it with `qualifiedWinProbability`; `null` reads the win rate from the start stage.
   */
  qualified?: { stageId: string; name: string; winProbability: number } | null;
}

/**
 * The qualifying stage and its win probability for `basis.qualified`: the start stage's most
 * likely non-terminal successor (first in document order on a tie). Undefined when the start only
 * leads to won / lost, or the process does not compile or solve (validate it first).
 */
export function qualifiedWinProbability(process: Process): { stageId: string; name: string; winProbability: number } | undefined {
  const compiled = compileGraph(process);
  if (!compiled.ok) return undefined;
  const c = compiled.graph;
  let best = -1;
  let bestP = 0;
  for (let e = 0; e < c.transitionFrom.length; e++) {
    const to = c.transitionTo[e]!;
    if (c.transitionFrom[e] !== c.startIndex || to === c.startIndex || c.stageKind[to] !== STAGE_TRANSIENT) continue;
    if (c.transitionProbability[e]! > bestP) {
      bestP = c.transitionProbability[e]!;
      best = to;
    }
  }
  if (best < 0) return undefined;
  const chain = analyzeChain({
    n: c.stageIds.length,
    start: best,
    kind: c.stageKind,
    from: c.transitionFrom,
    to: c.transitionTo,
    probability: c.transitionProbability,
  });
  if (!chain.ok) return undefined;
  return { stageId: c.stageIds[best]!, name: c.stageNames[best]!, winProbability: chain.analysis.winProbability };
}

/** Rates closer than this (absolute, 0..1) agree. */
const RATE_OK = 0.05;
/** Rates further apart than this disagree outright. */
const RATE_ERROR = 0.15;
/** Cycle lengths within 10 % agree; beyond 30 % they disagree outright. */
const CYCLE_OK = 0.1;
const CYCLE_ERROR = 0.3;

function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function times(multiple: number): string {
  return `${Number(multiple.toFixed(1))}×`;
}

function rateSeverity(a: number, b: number): KpiSeverity {
  const gap = Math.abs(a - b);
  return gap <= RATE_OK ? 'ok' : gap <= RATE_ERROR ? 'warning' : 'error';
}

/** Checks every KPI of the process against the graph and against each other. Pure. */
export function checkKpis(process: Process, basis: KpiBasis): KpiFinding[] {
  const findings: KpiFinding[] = [];
  const full: KpiBasis =
    basis.qualified === undefined && process.kpis.some((k) => k.kind === 'win-rate')
      ? { ...basis, qualified: qualifiedWinProbability(process) ?? null }
      : basis;
  for (const kpi of process.kpis) findings.push(checkOne(kpi, full));

  const of = (kind: KpiKind): Kpi[] => process.kpis.filter((k) => k.kind === kind);
  for (const cov of of('pipeline-coverage')) {
    if (cov.target <= 0) continue;
    const needed = 1 / cov.target;
    for (const rate of [...of('opportunity-conversion'), ...of('win-rate')]) {
      if (rateSeverity(needed, rate.target) === 'ok') continue;
      const name = rate.kind === 'win-rate' ? 'win rate' : 'conversion';
      const booked = cov.target * rate.target;
      const consequence =
        booked < 1
          ? `together they book only ${pct(booked)} of target`
          : `at ${pct(rate.target)} ${name} only ${times(1 / Math.max(rate.target, 1e-9))} coverage is needed`;
      findings.push({
        kind: 'contradiction',
        kpiIds: [cov.id, rate.id],
        severity: 'error',
        target: rate.target,
        implied: needed,
        message: `${times(cov.target)} pipeline coverage implies about ${pct(needed)} ${name}, so a ${pct(rate.target)} ${name} target cannot hold at the same time (${consequence}).`,
      });
    }
  }
  for (const win of of('win-rate')) {
    for (const conv of of('opportunity-conversion')) {
      if (win.target + RATE_OK >= conv.target) continue;
      findings.push({
        kind: 'contradiction',
        kpiIds: [win.id, conv.id],
        severity: 'error',
        target: win.target,
        implied: conv.target,
        message: `A ${pct(win.target)} win rate on qualified deals cannot coexist with ${pct(conv.target)} conversion of all opportunities: conversion of every opportunity cannot beat the win rate of the better ones.`,
      });
    }
  }
  return findings;
}

function checkOne(kpi: Kpi, basis: KpiBasis): KpiFinding {
  const p = basis.winProbability;
  const base = { kpiIds: [kpi.id], target: kpi.target };
  switch (kpi.kind) {
    case 'win-rate':
    case 'opportunity-conversion': {
      const q = kpi.kind === 'win-rate' ? basis.qualified ?? undefined : undefined;
      const rate = q ? q.winProbability : p;
      const name = kpi.kind === 'win-rate' ? 'win rate' : 'opportunity conversion';
      const severity = rateSeverity(kpi.target, rate);
      const verdict =
        severity === 'ok'
          ? 'the graph agrees'
          : kpi.target > rate
            ? `the target is ${Math.round((kpi.target - rate) * 100)} points above what the graph delivers`
            : `the graph already beats it by ${Math.round((rate - kpi.target) * 100)} points`;
      const implied = q
        ? `deals that reach “${q.name}” are won ${pct(rate)} of the time`
        : `this process implies ${pct(rate)} of opportunities won`;
      return {
        ...base,
        kind: kpi.kind,
        severity,
        implied: rate,
        message: `Target ${name} ${pct(kpi.target)}; ${implied} — ${verdict}.`,
      };
    }
    case 'pipeline-coverage': {
      if (kpi.target <= 0) {
        return {
          ...base,
          kind: kpi.kind,
          severity: 'error',
          implied: p > 0 ? 1 / p : 0,
          message: `A pipeline coverage of ${times(kpi.target)} cannot book any revenue.`,
        };
      }
      const needed = 1 / kpi.target;
      const severity = rateSeverity(needed, p);
      const impliedCoverage = p > 0 ? 1 / p : Number.POSITIVE_INFINITY;
      const coverageText = Number.isFinite(impliedCoverage) ? `${times(impliedCoverage)}` : 'no amount of';
      return {
        ...base,
        kind: kpi.kind,
        severity,
        implied: Number.isFinite(impliedCoverage) ? impliedCoverage : 0,
        message:
          severity === 'ok'
            ? `${times(kpi.target)} coverage needs a win rate near ${pct(needed)}; this process implies ${pct(p)} — consistent.`
            : `${times(kpi.target)} coverage needs a win rate near ${pct(needed)}; this process implies ${pct(p)}, which needs ${coverageText} coverage.`,
      };
    }
    case 'sales-cycle-days': {
      const d = basis.daysToClose;
      const rel = kpi.target > 0 ? Math.abs(d - kpi.target) / kpi.target : d > 0 ? Infinity : 0;
      const severity: KpiSeverity = rel <= CYCLE_OK ? 'ok' : rel <= CYCLE_ERROR ? 'warning' : 'error';
      const dir = d > kpi.target ? 'longer' : 'shorter';
      return {
        ...base,
        kind: kpi.kind,
        severity,
        implied: d,
        message:
          severity === 'ok'
            ? `Target sales cycle ${Math.round(kpi.target)} days; the stage durations imply ${Math.round(d)} days — consistent.`
            : `Target sales cycle ${Math.round(kpi.target)} days; the stage durations imply ${Math.round(d)} days on average, ${Math.round(Math.abs(d - kpi.target))} days ${dir}.`,
      };
    }
  }
}
