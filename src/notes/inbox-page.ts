import type { NoteView } from './model.js';
import { escapeHtml, scriptJson, scriptedPageHeaders } from '../web/html.js';

/**
 * The town inbox: a plain German page listing the municipality's open callback notes, soonest due
 * first, overdue ones marked, each with an "Erledigt" button. No framework, no CDN: one HTML
 * document with the notes embedded as JSON (nothing to wait for on first paint) and one small
 * script (`/notes/inbox.js`) that renders them, refreshes them every 30 s through the JSON API with
 * the session cookie, and closes notes. Everything is put in the page with textContent, never as
 * HTML; the Content-Security-Policy allows scripts from this server only.
 */

export const INBOX_SCRIPT_PATH = '/notes/inbox.js';

export const INBOX_HEADERS = scriptedPageHeaders("'self'");



export interface InboxPage {
  readonly town: string;
  readonly townName: string;
  /** The county's time zone: due times are shown in it. */
  readonly timezone: string;
  readonly notes: readonly NoteView[];
}

export const inboxHtml = ({ town, townName, timezone, notes }: InboxPage): string => `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rückrufnotizen – ${escapeHtml(townName)}</title>
<style>
  body { font: 16px/1.45 system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #f4f5f7; }
  header { background: #003064; color: #fff; padding: 0.8rem 1.2rem; }
  header h1 { font-size: 1.3rem; margin: 0; }
  main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
  #summary { font-weight: 600; }
  #status { min-height: 1.4em; color: #555; }
  #status.error { color: #a00000; }
  ol { list-style: none; padding: 0; margin: 0; }
  li.note { background: #fff; border: 1px solid #d0d4da; border-left: 6px solid #6a8caf; border-radius: 4px; padding: 0.8rem 1rem; margin: 0 0 0.8rem; }
  li.note.overdue { border-left-color: #c00000; background: #fff6f6; }
  .due { font-weight: 600; }
  .badge { display: inline-block; margin-left: 0.5rem; padding: 0 0.45rem; border-radius: 3px; background: #c00000; color: #fff; font-size: 0.85rem; }
  .topic { font-size: 1.1rem; font-weight: 600; margin: 0.3rem 0; }
  .text { white-space: pre-wrap; margin: 0.3rem 0; }
  .meta { color: #555; font-size: 0.9rem; }
  .phone a { font-size: 1.1rem; font-weight: 600; }
  .phone.erased { color: #7a4b00; }
  button { font: inherit; padding: 0.35rem 1.1rem; margin-top: 0.5rem; border: 1px solid #003064; border-radius: 4px; background: #003064; color: #fff; cursor: pointer; }
  button:disabled { opacity: 0.5; cursor: wait; }
</style>
</head>
<body>
<header><h1>Rückrufnotizen – ${escapeHtml(townName)}</h1></header>
<main id="inbox" data-town="${escapeHtml(town)}" data-timezone="${escapeHtml(timezone)}">
<p id="summary">Offene Rückrufnotizen werden geladen …</p>
<p id="status" role="status" aria-live="polite"></p>
<ol id="notes"></ol>
<noscript><p>Diese Seite braucht JavaScript.</p></noscript>
</main>
<script type="application/json" id="initial-notes">${scriptJson(notes)}</script>
<script src="${INBOX_SCRIPT_PATH}" defer></script>
</body>
</html>
`;

/** The page's script (plain ES2020, no build step). */
export const INBOX_JS = `'use strict';
(function () {
  var root = document.getElementById('inbox');
  var town = root.dataset.town;
  var list = document.getElementById('notes');
  var summary = document.getElementById('summary');
  var statusLine = document.getElementById('status');
  var when = new Intl.DateTimeFormat('de-DE', { timeZone: root.dataset.timezone, weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  var notes = JSON.parse(document.getElementById('initial-notes').textContent || '[]');

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function say(message, isError) {
    statusLine.textContent = message;
    statusLine.className = isError ? 'error' : '';
    if (isError && /anmelden/.test(message)) {
      var link = el('a', '', 'Zur Anmeldung');
      link.href = '/login?next=' + encodeURIComponent(location.pathname);
      statusLine.append(' ', link);
    }
  }

  function errorText(res, body) {
    if (res.status === 401) return 'Ihre Anmeldung ist abgelaufen. Bitte neu anmelden.';
    if (res.status === 403) return 'Keine Berechtigung für diese Rückrufnotizen.';
    var detail = body && body.error && body.error.message ? ' (' + body.error.message + ')' : '';
    return 'Das hat nicht geklappt: Fehler ' + res.status + detail + '.';
  }

  function card(note, now) {
    var overdue = note.dueAt <= now;
    var li = el('li', overdue ? 'note overdue' : 'note');
    var due = el('div', 'due', 'Fällig: ' + when.format(note.dueAt));
    if (overdue) due.append(el('span', 'badge', 'überfällig'));
    li.append(due);
    li.append(el('div', 'topic', note.topic));
    li.append(el('div', 'name', 'Anrufer/in: ' + note.name));
    var phone = el('div', 'phone');
    if (note.callerNumber) {
      phone.append('Rückrufnummer: ');
      var a = el('a', '', note.callerNumber);
      a.href = 'tel:' + note.callerNumber;
      phone.append(a);
    } else if (note.numberErasedAt) {
      phone.className = 'phone erased';
      phone.textContent = 'Rückrufnummer aus Datenschutzgründen gelöscht (am ' + when.format(note.numberErasedAt) + ', die Notiz war zu lange überfällig). Bitte anders Kontakt aufnehmen, z. B. über den Namen.';
    } else {
      phone.textContent = 'Keine Rückrufnummer hinterlegt (ohne Einwilligung des Anrufers).';
    }
    li.append(phone);
    if (note.department) li.append(el('div', 'meta', 'Fachbereich: ' + note.department));
    li.append(el('div', 'text', note.text));
    li.append(el('div', 'meta', 'Aufgenommen ' + when.format(note.createdAt) + ' von ' + note.createdBy + (note.escalatedAt ? ' · eskaliert' : note.remindedAt ? ' · erinnert' : '')));
    var button = el('button', '', 'Erledigt');
    button.type = 'button';
    button.addEventListener('click', function () { markDone(note, button); });
    li.append(button);
    return li;
  }

  function render() {
    var now = Date.now();
    notes.sort(function (a, b) { return a.dueAt - b.dueAt; });
    list.replaceChildren.apply(list, notes.map(function (n) { return card(n, now); }));
    var overdue = notes.filter(function (n) { return n.dueAt <= now; }).length;
    summary.textContent = notes.length === 0
      ? 'Keine offenen Rückrufnotizen.'
      : notes.length + (notes.length === 1 ? ' offene Rückrufnotiz' : ' offene Rückrufnotizen') + (overdue > 0 ? ', davon ' + overdue + ' überfällig.' : '.');
  }

  function markDone(note, button) {
    button.disabled = true;
    fetch('/api/notes/' + encodeURIComponent(note.id) + '/done', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }).then(function (res) {
      return res.json().catch(function () { return null; }).then(function (body) {
        if (!res.ok) throw new Error(errorText(res, body));
        notes = notes.filter(function (n) { return n.id !== note.id; });
        render();
        say('Erledigt: ' + note.topic, false);
      });
    }).catch(function (err) {
      button.disabled = false;
      say(err.message || 'Keine Verbindung zum Server.', true);
    });
  }

  function refresh() {
    fetch('/api/towns/' + encodeURIComponent(town) + '/notes?status=open', { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (res) {
        return res.json().catch(function () { return null; }).then(function (body) {
          if (!res.ok) throw new Error(errorText(res, body));
          notes = body.notes;
          render();
          if (statusLine.className === 'error') say('', false);
        });
      })
      .catch(function (err) { say(err.message || 'Keine Verbindung zum Server.', true); });
  }

  render();
  setInterval(refresh, 30000);
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'visible') refresh(); });
})();
`;
