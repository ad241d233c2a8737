/** German wording and number formats shared by the CSV download and the printable page. Pure. */

/** Why a call went to the county, in German (`none`: it did not). */
export const REASON_LABELS: Readonly<Record<string, string>> = {
  'direct-115': '115 direkt gewählt',
  'town-no-answer': 'Rathaus nicht rechtzeitig angenommen',
  'town-busy': 'Rathaus besetzt',
  'town-unreachable': 'Rathaus nicht erreichbar',
  'town-unregistered': 'Kein Telefon im Rathaus angemeldet',
  'town-closed': 'Rathaus geschlossen',
  switchboard: 'Vermittlung durch das Service-Center',
  'town-ring-limit': 'Zu viele Anrufe klingelten im Rathaus',
  partner: 'Von Partner-Center übernommen',
  none: 'Kein Überlauf (im Rathaus angenommen oder vorher aufgelegt)',
};

export const reasonLabel = (reason: string): string => REASON_LABELS[reason] ?? reason;

const MONTHS = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];

/** `2026-11-03` → `03.11.2026`. */
export const germanDate = (date: string): string => {
  const [y, m, d] = date.split('-');
  return `${d ?? ''}.${m ?? ''}.${y ?? ''}`;
};

/** `2026-11` → `November 2026`. */
export const germanMonth = (month: string): string => {
  const [y, m] = month.split('-');
  return `${MONTHS[Number(m) - 1] ?? m ?? ''} ${y ?? ''}`;
};

/** The range in words: `November 2026`, or `01.11.2026 – 15.11.2026`, or one date. */
export const germanRange = (from: string, to: string, month: string | null): string =>
  month !== null ? germanMonth(month) : from === to ? germanDate(from) : `${germanDate(from)} – ${germanDate(to)}`;

const WEEKDAYS = ['So', 'Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa'];

/** `Mo` for a Monday. */
export const weekdayOf = (date: string): string => WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()] ?? '';

/** `1234,5`: a decimal comma, no thousands separator (what Excel reads as a number in German settings). */
export const decimal = (n: number, digits: number): string => {
  const fixed = n.toFixed(digits);
  return (fixed === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : fixed).replace('.', ',');
};

/** A rate (0..1) as a percentage with a decimal comma (`75,0`); empty for null. */
export const percent = (r: number | null, digits = 1): string => (r === null ? '' : decimal(r * 100, digits));

/** Milliseconds as seconds with a decimal comma (`21,8`); empty for null. */
export const seconds = (ms: number | null, digits = 1): string => (ms === null ? '' : decimal(ms / 1000, digits));

/** A whole number with German thousands dots, for the page (`12.345`). */
export const count = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
