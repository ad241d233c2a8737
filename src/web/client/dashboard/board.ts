/** What the dashboard page knows: its settings, the latest views, and the formatting they share. */
import { byId, embeddedJson } from '../dom.js';
import type { FiguresView, InitialDashboard, Level, LiveView } from './wire.js';

export interface Board {
  readonly timezone: string | undefined;
  /** The page says `GET /api/staffing` is served. */
  readonly staffingServed: boolean;
  readonly levelText: Readonly<Record<Level, string>>;
  /** Hours, minutes and seconds in the county's time zone. */
  readonly time: Intl.DateTimeFormat;
  /** Hours and minutes in the county's time zone. */
  readonly hourMinute: Intl.DateTimeFormat;
  live: LiveView | null;
  figures: FiguresView | null;
  /** Browser clock minus the server's, as of the last live view. */
  skew: number;
}

const DEFAULT_LEVEL_TEXT: Readonly<Record<Level, string>> = { good: 'im Ziel', warn: 'knapp verfehlt', bad: 'verfehlt', none: 'keine Werte' };

export const LEVEL_ICON: Readonly<Record<Level, string>> = { good: '✓', warn: '▲', bad: '✗', none: '' };

export function openBoard(): Board {
  const root = byId('dashboard');
  const timezone = root.dataset.timezone;
  const initial = embeddedJson<InitialDashboard>('initial-dashboard');
  const live = initial?.live ?? null;
  return {
    timezone,
    staffingServed: root.dataset.staffing === '1',
    levelText: initial?.levels ?? DEFAULT_LEVEL_TEXT,
    time: new Intl.DateTimeFormat('de-DE', { timeZone: timezone, hour: '2-digit', minute: '2-digit', second: '2-digit' }),
    hourMinute: new Intl.DateTimeFormat('de-DE', { timeZone: timezone, hour: '2-digit', minute: '2-digit' }),
    live,
    figures: initial?.figures ?? null,
    skew: live ? Date.now() - live.at : 0,
  };
}

export const serverNow = (board: Board): number => Date.now() - board.skew;

/** `mm:ss`, or `h:mm:ss` from an hour on (never negative). */
export function duration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const text = `${m < 10 ? '0' : ''}${m}:${s < 10 ? '0' : ''}${s}`;
  return h > 0 ? `${h}:${text}` : text;
}

/** A number the German way; "–" for none. */
export const num = (n: unknown, digits = 0): string =>
  typeof n === 'number' && Number.isFinite(n) ? n.toLocaleString('de-DE', { maximumFractionDigits: digits }) : '–';

/** A caller's wait against the limits: green, amber, red. */
export const waitLevel = (live: LiveView, ms: number): Level => (ms <= live.waitLimits.goodMs ? 'good' : ms <= live.waitLimits.warnMs ? 'warn' : 'bad');
