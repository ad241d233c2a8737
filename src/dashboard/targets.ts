/**
 * The dashboard's targets and how a figure is judged against them, and the German formatting of
 * the figures. Pure: no clock, no I/O.
 *
 * Every judged figure gets one of four levels, shown as a colour AND a text with a sign, so that
 * colour is never the only signal:
 *
 * | level  | meaning                               | shown as              |
 * |--------|---------------------------------------|-----------------------|
 * | `good` | meets the target                      | green, "✓ im Ziel"    |
 * | `warn` | misses it narrowly (within the margin) | amber, "▲ knapp verfehlt" |
 * | `bad`  | misses it clearly                     | red, "✗ verfehlt"     |
 * | `none` | nothing to judge yet (no calls)       | grey, "– noch keine Werte" |
 */

export type Level = 'good' | 'warn' | 'bad' | 'none';

export interface DashboardTargets {
  /** The 115 promise: this share of calls answered within `withinSec` of arrival; `warnFrom` and above is amber. */
  readonly serviceLevel: { readonly share: number; readonly withinSec: number; readonly warnFrom: number };
  /** Average speed of answer: at most `goodSec` is green, at most `warnSec` amber. */
  readonly asa: { readonly goodSec: number; readonly warnSec: number };
  /** Abandonment rate: at most `good` is green, at most `warn` amber. */
  readonly abandonRate: { readonly good: number; readonly warn: number };
  /** First-contact resolution: at least `share` is green, at least `warnFrom` amber. */
  readonly fcr: { readonly share: number; readonly warnFrom: number };
  /** Callback notes overdue (past 24 service hours): at most `good` is green, at most `warn` amber. */
  readonly overdueNotes: { readonly good: number; readonly warn: number };
  /** A caller's wait so far: at most `goodSec` is green, at most `warnSec` amber. */
  readonly wait: { readonly goodSec: number; readonly warnSec: number };
}

/** The 115 targets: 75 % within 30 s, 65 % first-contact resolution, no callback note overdue. */
export const DEFAULT_TARGETS: DashboardTargets = {
  serviceLevel: { share: 0.75, withinSec: 30, warnFrom: 0.65 },
  asa: { goodSec: 30, warnSec: 60 },
  abandonRate: { good: 0.05, warn: 0.1 },
  fcr: { share: 0.65, warnFrom: 0.55 },
  overdueNotes: { good: 0, warn: 0 },
  wait: { goodSec: 30, warnSec: 60 },
};

/** The text beside the colour. */
export const LEVEL_TEXT: Readonly<Record<Level, string>> = {
  good: '✓ im Ziel',
  warn: '▲ knapp verfehlt',
  bad: '✗ verfehlt',
  none: '– noch keine Werte',
};

/** A figure where more is better (service level, FCR): at least `good` green, at least `warn` amber. */
export const atLeast = (value: number | null, good: number, warn: number): Level =>
  value === null || !Number.isFinite(value) ? 'none' : value >= good ? 'good' : value >= warn ? 'warn' : 'bad';

/** A figure where less is better (ASA, abandonment, overdue notes): at most `good` green, at most `warn` amber. */
export const atMost = (value: number | null, good: number, warn: number): Level =>
  value === null || !Number.isFinite(value) ? 'none' : value <= good ? 'good' : value <= warn ? 'warn' : 'bad';

export const serviceLevelLevel = (rate: number | null, t: DashboardTargets = DEFAULT_TARGETS): Level => atLeast(rate, t.serviceLevel.share, t.serviceLevel.warnFrom);
export const asaLevel = (asaMs: number | null, t: DashboardTargets = DEFAULT_TARGETS): Level => atMost(asaMs === null ? null : asaMs / 1000, t.asa.goodSec, t.asa.warnSec);
export const abandonLevel = (rate: number | null, t: DashboardTargets = DEFAULT_TARGETS): Level => atMost(rate, t.abandonRate.good, t.abandonRate.warn);
export const fcrLevel = (rate: number | null, t: DashboardTargets = DEFAULT_TARGETS): Level => atLeast(rate, t.fcr.share, t.fcr.warnFrom);
/** Notes overdue; `available: false` (no notes module): nothing to judge. */
export const notesLevel = (overdue: number, available: boolean, t: DashboardTargets = DEFAULT_TARGETS): Level =>
  available ? atMost(overdue, t.overdueNotes.good, t.overdueNotes.warn) : 'none';
/** A wait so far (the longest wait, a waiting caller): nobody waiting is green. */
export const waitLevel = (waitedMs: number | null, t: DashboardTargets = DEFAULT_TARGETS): Level =>
  waitedMs === null ? 'good' : atMost(waitedMs / 1000, t.wait.goodSec, t.wait.warnSec);

// ---- formatting (German) ----

/** No-break space: a number and its unit stay on one line. */
const NBSP = '\u00a0';

/** `0.8234` → "82 %"; null → "–". Whole percent, rounded half up. */
export const percent = (rate: number | null): string => (rate === null || !Number.isFinite(rate) ? '–' : `${Math.round(rate * 100)}${NBSP}%`);

/** A share as a target: `0.75` → "75 %". */
export const percentTarget = (share: number): string => `${Math.round(share * 100)}${NBSP}%`;

/** `42 000` → "42 s"; `125 000` → "2:05 min"; null → "–". Whole seconds, rounded. */
export const seconds = (ms: number | null): string => {
  if (ms === null || !Number.isFinite(ms)) return '–';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}${NBSP}s`;
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}${NBSP}min`;
};

/** A wait as the clock shows it: `83 000` → "01:23"; an hour or more → "1:02:03". */
export const clock = (ms: number): string => {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
};

/** A count in German: `1234` → "1.234". */
export const count = (n: number): string => n.toLocaleString('de-DE');

/** Merges partial targets (from the wiring) into the defaults. */
export const targetsWith = (over: { readonly [K in keyof DashboardTargets]?: Partial<DashboardTargets[K]> } = {}): DashboardTargets => ({
  serviceLevel: { ...DEFAULT_TARGETS.serviceLevel, ...over.serviceLevel },
  asa: { ...DEFAULT_TARGETS.asa, ...over.asa },
  abandonRate: { ...DEFAULT_TARGETS.abandonRate, ...over.abandonRate },
  fcr: { ...DEFAULT_TARGETS.fcr, ...over.fcr },
  overdueNotes: { ...DEFAULT_TARGETS.overdueNotes, ...over.overdueNotes },
  wait: { ...DEFAULT_TARGETS.wait, ...over.wait },
});
