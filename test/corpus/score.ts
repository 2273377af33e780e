/**
 * Scores a corpus run against the app's expected-findings file: every finding must be classified
 * there (true or false positive); true findings plus the listed misses are the app's defects.
 */
import type { Seen } from './run.js';

export interface Expected {
  app: string;
  findings: { check: string; request: string; true: boolean; why: string }[];
  /** Real defects the checker does not report as a finding of their own. */
  missed: { check: string; request: string; why: string }[];
}

export interface Score {
  app: string;
  findings: number;
  truePositives: number;
  falsePositives: number;
  /** Findings of severity E or W, and how many of them are true. */
  errorsAndWarnings: number;
  trueErrorsAndWarnings: number;
  defects: number;
  defectsFound: number;
  unclassified: Seen[];
}

const key = (check: string, request: string) => `${check} ${request}`;

/**
 * Classifies the findings and counts. A listed miss counts as found when a finding on the same
 * request names its check (`Also: … (check-id)`).
 *
 * @example
 * const score = scoreRun(expected, run.findings);
 */
export function scoreRun(expected: Expected, seen: readonly Seen[]): Score {
  const verdicts = new Map(expected.findings.map((f) => [key(f.check, f.request), f.true]));
  const score: Score = {
    app: expected.app,
    findings: seen.length,
    truePositives: 0,
    falsePositives: 0,
    errorsAndWarnings: 0,
    trueErrorsAndWarnings: 0,
    defects: 0,
    defectsFound: 0,
    unclassified: [],
  };
  for (const f of seen) {
    const verdict = verdicts.get(key(f.check, f.request));
    if (verdict === undefined) score.unclassified.push(f);
    if (verdict) score.truePositives += 1;
    else score.falsePositives += 1;
    if (f.severity !== 'I') {
      score.errorsAndWarnings += 1;
      if (verdict) score.trueErrorsAndWarnings += 1;
    }
  }
  const found = new Set(seen.map((f) => key(f.check, f.request)));
  for (const f of expected.findings.filter((x) => x.true)) {
    score.defects += 1;
    if (found.has(key(f.check, f.request))) score.defectsFound += 1;
  }
  for (const m of expected.missed) {
    score.defects += 1;
    if (seen.some((f) => f.request === m.request && f.detail.includes(`(${m.check})`)))
      score.defectsFound += 1;
  }
  return score;
}

const pct = (a: number, b: number) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(0)} %`);

/**
 * One line per app and a total: findings, true, false, missed, precision (all and E+W), recall.
 *
 * @example
 * console.log(scoreTable(scores));
 */
export function scoreTable(scores: readonly Score[]): string {
  const sum = (k: keyof Score) => scores.reduce((n, s) => n + (s[k] as number), 0);
  const total: Score = {
    app: 'all',
    findings: sum('findings'),
    truePositives: sum('truePositives'),
    falsePositives: sum('falsePositives'),
    errorsAndWarnings: sum('errorsAndWarnings'),
    trueErrorsAndWarnings: sum('trueErrorsAndWarnings'),
    defects: sum('defects'),
    defectsFound: sum('defectsFound'),
    unclassified: [],
  };
  const row = (s: Score) =>
    `${s.app.padEnd(20)} ${String(s.findings).padStart(8)} ${String(s.truePositives).padStart(5)} ${String(s.falsePositives).padStart(5)} ${String(s.defects - s.defectsFound).padStart(6)} ${pct(s.truePositives, s.findings).padStart(9)} ${pct(s.trueErrorsAndWarnings, s.errorsAndWarnings).padStart(13)} ${pct(s.defectsFound, s.defects).padStart(7)}`;
  return [
    `${'app'.padEnd(20)} findings  true false missed precision precision E+W  recall`,
    ...scores.map(row),
    row(total),
  ].join('\n');
}

/** The totals as numbers. */
export function totals(scores: readonly Score[]) {
  const sum = (k: keyof Score) => scores.reduce((n, s) => n + (s[k] as number), 0);
  return {
    precision: sum('truePositives') / Math.max(1, sum('findings')),
    precisionErrorsAndWarnings: sum('trueErrorsAndWarnings') / Math.max(1, sum('errorsAndWarnings')),
    recall: sum('defectsFound') / Math.max(1, sum('defects')),
  };
}
