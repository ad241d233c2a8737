import type { NoteView } from './model.js';
import { escapeHtml, scriptJson, scriptedPageHeaders } from '../web/html.js';

/**
 * The town inbox: a plain German page listing the municipality's open callback notes, soonest due
 * first, overdue ones marked, each with an "Erledigt" button. No framework, no CDN: one HTML
 * document with the notes embedded as JSON (nothing to wait for on first paint) and the page's
 * script (src/web/client/inbox.ts, served as `/assets/inbox-<hash>.js`) that renders them,
 * refreshes them every 30 s through the JSON API with the session cookie, and closes notes.
 * Everything is put in the page with textContent, never as HTML; the Content-Security-Policy
 * allows scripts from this server only.
 */

export const INBOX_HEADERS = scriptedPageHeaders("'self'");

export interface InboxPage {
  readonly town: string;
  readonly townName: string;
  /** The county's time zone: due times are shown in it. */
  readonly timezone: string;
  readonly notes: readonly NoteView[];
  /** The page script's URL (src/web/page-scripts.ts). */
  readonly scriptUrl: string;
}

export const inboxHtml = ({ town, townName, timezone, notes, scriptUrl }: InboxPage): string => `<!doctype html>
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
<script src="${escapeHtml(scriptUrl)}" defer></script>
</body>
</html>
`;
