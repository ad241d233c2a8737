/** The desk's German words for the engine's codes, and its error messages. */
import { apiErrorOf } from '../http.js';

export const STATUS: Readonly<Record<string, string>> = {
  available: 'Bereit',
  offered: 'Klingelt',
  busy: 'Im Gespräch',
  'wrap-up': 'Nachbearbeitung',
  paused: 'Pause',
  'logged-out': 'Abgemeldet',
};

export const PAUSE: Readonly<Record<string, string>> = {
  break: 'Pause',
  meeting: 'Besprechung',
  training: 'Schulung',
  other: 'Sonstiges',
  'no-answer': 'Anruf nicht angenommen',
  unreachable: 'Telefon nicht erreichbar',
  unregistered: 'Telefon nicht angemeldet',
};

export const REASON: Readonly<Record<string, string>> = {
  'direct-115': 'Direkt über die 115',
  'town-no-answer': 'Im Rathaus hat niemand abgenommen',
  'town-busy': 'Im Rathaus war besetzt',
  'town-unreachable': 'Das Rathaus war nicht erreichbar',
  'town-unregistered': 'Im Rathaus war kein Telefon angemeldet',
  'town-closed': 'Das Rathaus hat gerade geschlossen',
  switchboard: 'Die Gemeinde lässt ihre Rufnummer vom Service-Center annehmen',
  'town-ring-limit': 'Im Rathaus klingelten schon zu viele Anrufe',
  partner: 'Von Partner-Center übernommen',
};

/** Why a partner center handed its caller over (src/domain/partner-overflow.ts `BorrowTrigger`): "Dort …" is the partner. */
export const TRIGGER: Readonly<Record<string, string>> = {
  waited: 'Dort zu lange gewartet',
  'estimated-wait': 'Dort lange Wartezeit erwartet',
  closed: 'Dort geschlossen',
  'nobody-logged-in': 'Dort niemand angemeldet',
};

export const OUTCOME: Readonly<Record<string, string>> = {
  resolved: 'Fallabschließend gelöst',
  transferred: 'An Fachamt übergeben',
  'callback-note': 'Rückrufnotiz',
};

/** The note form's fields, as the API names them in `error.problems`. */
const FIELD: Readonly<Record<string, string>> = {
  name: 'Name',
  topic: 'Thema',
  text: 'Anliegen',
  department: 'Fachamt',
  callerNumber: 'Rückrufnummer',
  municipality: 'Gemeinde',
  callId: 'Anruf',
};

/** The word for a code, or the code itself when there is none (a newer engine's code). */
export const wordFor = (words: Readonly<Record<string, string>>, code: string): string => words[code] ?? code;

const CODE_TEXT: Readonly<Record<string, string>> = {
  ON_A_CALL: 'Während eines Anrufs nicht möglich.',
  WRAP_UP_OVER: 'Die Nachbearbeitung ist vorbei: das Ergebnis des Anrufs steht schon fest.',
  NOT_TALKING: 'Sie sprechen gerade nicht mit der Anruferin / dem Anrufer.',
  TRANSFER_IN_PROGRESS: 'Es läuft schon eine Übergabe.',
  NO_TRANSFER: 'Es läuft keine Übergabe.',
};

/** What to tell the agent about a refused request. */
export function errorText(status: number, body: unknown): string {
  const error = apiErrorOf(body);
  if (status === 401) return 'Ihre Anmeldung ist abgelaufen.';
  if (status === 403) return 'Dafür fehlt Ihnen die Berechtigung.';
  if (status === 429) return 'Zu viele fehlgeschlagene Anmeldungen. Bitte später erneut versuchen.';
  const known = error?.code === undefined ? undefined : CODE_TEXT[error.code];
  if (known !== undefined) return known;
  if (error?.problems) {
    const problems = error.problems.map((p) => (typeof p === 'string' ? p : `${(p.path !== undefined ? FIELD[p.path] : undefined) ?? (p.path || 'Eingabe')}: ${p.message ?? ''}`));
    return `Bitte prüfen: ${problems.join('; ')}`;
  }
  return `Das hat nicht geklappt: Fehler ${status}${error?.message ? ` (${error.message})` : ''}.`;
}
