/**
 * The town inbox (`GET /towns/:town/inbox`): renders the open callback notes embedded in the page,
 * soonest due first, refreshes them every 30 s (and when the tab is shown again) through the JSON
 * API with the session cookie, and closes a note with its "Erledigt" button.
 */
import { byId, el, embeddedJson, showStatus, signInLink } from './dom.js';
import { apiErrorOf, OFFLINE, sendOk } from './http.js';
import type { InboxNote, InboxNoteList } from './inbox/wire.js';

const REFRESH_MS = 30_000;

const root = byId('inbox');
const town = root.dataset.town ?? '';
const list = byId('notes');
const summary = byId('summary');
const statusLine = byId('status');
const when = new Intl.DateTimeFormat('de-DE', { timeZone: root.dataset.timezone, weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
let notes: InboxNote[] = [...(embeddedJson<readonly InboxNote[]>('initial-notes') ?? [])];

function say(message: string, isError: boolean): void {
  showStatus(statusLine, message, isError);
  if (isError && /anmelden/.test(message)) statusLine.append(' ', signInLink('Zur Anmeldung'));
}

function errorText(status: number, body: unknown): string {
  if (status === 401) return 'Ihre Anmeldung ist abgelaufen. Bitte neu anmelden.';
  if (status === 403) return 'Keine Berechtigung für diese Rückrufnotizen.';
  const message = apiErrorOf(body)?.message;
  return `Das hat nicht geklappt: Fehler ${status}${message ? ` (${message})` : ''}.`;
}

const messageOf = (err: unknown): string => (err instanceof Error && err.message ? err.message : OFFLINE);

function phoneLine(note: InboxNote): HTMLElement {
  const phone = el('div', 'phone');
  if (note.callerNumber) {
    phone.append('Rückrufnummer: ');
    const a = el('a', '', note.callerNumber);
    a.href = `tel:${note.callerNumber}`;
    phone.append(a);
  } else if (note.numberErasedAt) {
    phone.className = 'phone erased';
    phone.textContent = `Rückrufnummer aus Datenschutzgründen gelöscht (am ${when.format(note.numberErasedAt)}, die Notiz war zu lange überfällig). Bitte anders Kontakt aufnehmen, z. B. über den Namen.`;
  } else {
    phone.textContent = 'Keine Rückrufnummer hinterlegt (ohne Einwilligung des Anrufers).';
  }
  return phone;
}

function card(note: InboxNote, now: number): HTMLLIElement {
  const overdue = note.dueAt <= now;
  const li = el('li', overdue ? 'note overdue' : 'note');
  const due = el('div', 'due', `Fällig: ${when.format(note.dueAt)}`);
  if (overdue) due.append(el('span', 'badge', 'überfällig'));
  li.append(due, el('div', 'topic', note.topic), el('div', 'name', `Anrufer/in: ${note.name}`), phoneLine(note));
  if (note.department) li.append(el('div', 'meta', `Fachbereich: ${note.department}`));
  li.append(el('div', 'text', note.text));
  const escalation = note.escalatedAt ? ' · eskaliert' : note.remindedAt ? ' · erinnert' : '';
  li.append(el('div', 'meta', `Aufgenommen ${when.format(note.createdAt)} von ${note.createdBy}${escalation}`));
  const button = el('button', '', 'Erledigt');
  button.type = 'button';
  button.addEventListener('click', () => void markDone(note, button));
  li.append(button);
  return li;
}

function render(): void {
  const now = Date.now();
  notes.sort((a, b) => a.dueAt - b.dueAt);
  list.replaceChildren(...notes.map((n) => card(n, now)));
  const overdue = notes.filter((n) => n.dueAt <= now).length;
  summary.textContent =
    notes.length === 0
      ? 'Keine offenen Rückrufnotizen.'
      : `${notes.length}${notes.length === 1 ? ' offene Rückrufnotiz' : ' offene Rückrufnotizen'}${overdue > 0 ? `, davon ${overdue} überfällig.` : '.'}`;
}

async function markDone(note: InboxNote, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    await sendOk('POST', `/api/notes/${encodeURIComponent(note.id)}/done`, {}, errorText);
    notes = notes.filter((n) => n.id !== note.id);
    render();
    say(`Erledigt: ${note.topic}`, false);
  } catch (err) {
    button.disabled = false;
    say(messageOf(err), true);
  }
}

async function refresh(): Promise<void> {
  try {
    const body = (await sendOk('GET', `/api/towns/${encodeURIComponent(town)}/notes?status=open`, undefined, errorText)) as InboxNoteList;
    notes = [...body.notes];
    render();
    if (statusLine.className === 'error') say('', false);
  } catch (err) {
    say(messageOf(err), true);
  }
}

render();
setInterval(() => void refresh(), REFRESH_MS);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void refresh();
});
