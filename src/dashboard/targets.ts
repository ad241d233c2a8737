/**
 * How the dashboard shows a judged figure, and the German formatting of the figures. The targets
 * are the deployment's (`serviceCenter.targets`, `towns[].targets`), judged in src/stats/verdicts.ts.
 * Pure: no clock, no I/O.
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

export { abandonLevel, asaLevel, atLeast, atMost, fcrLevel, notesLevel, serviceLevelLevel, waitLevel, type Level } from '../stats/verdicts.js';
import type { Level } from '../stats/verdicts.js';

/** The text beside the colour. */
export const LEVEL_TEXT: Readonly<Record<Level, string>> = {
  good: '✓ im Ziel',
  warn: '▲ knapp verfehlt',
  bad: '✗ verfehlt',
  none: '– noch keine Werte',
};

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
