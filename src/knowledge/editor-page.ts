import { escapeHtml, scriptJson, scriptedPageHeaders } from '../web/html.js';
import type { ArticleSummary } from './service.js';

/**
 * The editors' page of the knowledge base (`GET /knowledge`): one plain German HTML document, no
 * framework, nothing loaded from elsewhere. The article list is embedded as JSON (the first paint
 * needs no request); the page's script (src/web/client/knowledge.ts, served as
 * `/assets/knowledge-<hash>.js`) renders it and does everything else through the JSON API of
 * src/knowledge/routes.ts, which checks every request itself. Articles are edited as the text of
 * their YAML files, as they are kept in config/knowledge/. Values reach the page as text only.
 */

/** `data:` for the empty icon: without one, browsers ask for /favicon.ico, a 404 in every console. */
export const KNOWLEDGE_HEADERS = scriptedPageHeaders("'self' data:");

/** Who may do what on the page; the API enforces the same (src/auth/route-access.ts). */
export type EditorRole = 'editor' | 'operator' | 'town-staff';

/** The JSON embedded in the page (`#knowledge-data`), read by src/web/client/knowledge/wire.ts. */
export interface KnowledgeEditorData {
  readonly articles: readonly ArticleSummary[];
  readonly role: EditorRole;
  /** Town staff: their town's id. */
  readonly town?: string;
  /** Towns of the deployment and `kreis`, for the filter. */
  readonly municipalities: readonly { readonly id: string; readonly name: string }[];
  /** Person id → name, for "saved by". */
  readonly names: Readonly<Record<string, string>>;
  /** The text of a new article. */
  readonly template: string;
  /** The current month (YYYY-MM) in the county's time zone, for the knowledge gaps. */
  readonly month: string;
}

export interface KnowledgeEditorPage {
  readonly data: KnowledgeEditorData;
  readonly signedInAs: string;
  /** Town staff: their town's name. */
  readonly townName?: string;
  /** The county's time zone: times are shown in it. */
  readonly timezone: string;
  /** The page script's URL (src/web/page-scripts.ts). */
  readonly scriptUrl: string;
}

const STYLE = `
  body { font: 16px/1.45 system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #f4f5f7; }
  header { background: #003064; color: #fff; padding: 0.6rem 1.2rem; display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 1.2rem; }
  header h1 { font-size: 1.3rem; margin: 0; flex: 1 1 auto; }
  header form { margin: 0; }
  header button { background: transparent; border-color: #fff; color: #fff; }
  main { max-width: 90rem; margin: 0 auto; padding: 1rem; display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); }
  @media (min-width: 70rem) { main { grid-template-columns: minmax(0, 5fr) minmax(0, 6fr); } .wide { grid-column: 1 / -1; } }
  section { background: #fff; border: 1px solid #d0d4da; border-radius: 4px; padding: 0.8rem 1rem; min-width: 0; }
  h2 { font-size: 1.1rem; margin: 0 0 0.6rem; }
  h3 { font-size: 1rem; margin: 1rem 0 0.4rem; }
  .row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.4rem 0; }
  button { font: inherit; padding: 0.3rem 0.9rem; border: 1px solid #003064; border-radius: 4px; background: #003064; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #003064; }
  button.link { background: none; border: none; color: #003064; padding: 0; text-align: left; text-decoration: underline; }
  button:disabled { opacity: 0.45; cursor: not-allowed; }
  button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #93c5fd; outline-offset: 1px; }
  select, input, textarea { font: inherit; padding: 0.3rem; border: 1px solid #9ca3af; border-radius: 4px; }
  textarea { width: 100%; box-sizing: border-box; font: 14px/1.4 ui-monospace, monospace; tab-size: 2; }
  #article-text { min-height: 32rem; }
  #version-text { min-height: 14rem; background: #f8f9fb; }
  table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
  th, td { text-align: left; padding: 0.3rem 0.4rem; border-bottom: 1px solid #eef0f3; vertical-align: top; }
  th { color: #555; font-weight: 600; }
  .list-wrap { max-height: 40rem; overflow: auto; }
  tr.open td { background: #eef4ff; }
  .flag { display: inline-block; padding: 0 0.4rem; border-radius: 3px; background: #fef3c7; color: #92400e; font-size: 0.85rem; white-space: nowrap; }
  .status-draft { color: #92400e; } .status-retired { color: #6b7280; text-decoration: line-through; }
  .hint { color: #555; font-size: 0.9rem; margin: 0.3rem 0; }
  .staff-hint { background: #eef4ff; border: 1px solid #bcd0f0; border-radius: 4px; padding: 0.5rem 0.8rem; margin: 0; }
  .message { min-height: 1.4em; margin: 0.4rem 0; font-weight: 600; }
  .message.error { color: #a00000; }
  .message.ok { color: #065f46; }
  ul.problems { margin: 0.3rem 0; padding-left: 1.2rem; color: #a00000; }
  ul.problems li { margin: 0.15rem 0; }
  .where { font-family: ui-monospace, monospace; font-size: 0.9rem; }
  [hidden] { display: none !important; }
`;

const option = (value: string, text: string): string => `<option value="${escapeHtml(value)}">${escapeHtml(text)}</option>`;

const staffHint = (town: string, townName: string): string => `<p class="staff-hint wide" id="staff-hint">Sie können in jedem Artikel den Abschnitt Ihrer Gemeinde (<code>sections.${escapeHtml(town)}</code>)
und den Ortsartikel von ${escapeHtml(townName)} ändern, dort aber nicht <code>id</code>, <code>kind</code>, <code>municipality</code> und <code>status</code>. Alles andere pflegt die Redaktion.</p>`;

const listSection = (data: KnowledgeEditorData, mayCreate: boolean): string => `<section id="list-section">
<h2>Artikel</h2>
<div class="row">
<input type="search" id="filter-text" aria-label="Suche in Titel und Kennung" placeholder="Titel oder Kennung">
<select id="filter-status" aria-label="Status">${option('', 'alle Status')}${option('published', 'veröffentlicht')}${option('draft', 'Entwurf')}${option('retired', 'ausgemustert')}</select>
<select id="filter-municipality" aria-label="Gemeinde">${option('', 'alle Gemeinden')}${data.municipalities.map((m) => option(m.id, m.name)).join('')}</select>
${mayCreate ? '<button type="button" id="btn-new">Neuer Artikel</button>' : ''}
</div>
<p id="list-count" class="hint"></p>
<div class="list-wrap"><table>
<thead><tr><th>Titel</th><th>Art</th><th>Status</th><th>Version</th><th>Zuletzt gespeichert</th><th>Prüfung</th></tr></thead>
<tbody id="article-rows"></tbody>
</table></div>
</section>`;

const editorSection = `<section id="editor-section">
<h2 id="editor-title">Kein Artikel geöffnet</h2>
<p id="editor-info" class="hint">Einen Artikel in der Liste öffnen.</p>
<p class="hint">Der Artikel als Text seiner YAML-Datei, Feld für Feld beschrieben in docs/knowledge-base.md. Gespeichert wird eine neue Version; jede frühere bleibt erhalten.</p>
<textarea id="article-text" aria-label="Artikeltext (YAML)" spellcheck="false" disabled></textarea>
<div class="row">
<button type="button" id="btn-save" disabled>Speichern</button>
<button type="button" id="btn-retire" class="secondary" disabled>Ausmustern (status: retired)</button>
<button type="button" id="btn-reload" class="secondary" hidden>Neu laden</button>
</div>
<p id="editor-message" class="message" role="status" aria-live="polite"></p>
<ul id="problems" class="problems"></ul>
<div id="versions-panel" hidden>
<h3>Versionen</h3>
<table><thead><tr><th>Version</th><th>von</th><th>am</th><th>geänderte Felder</th><th></th></tr></thead><tbody id="version-rows"></tbody></table>
<div id="version-view" hidden>
<h3 id="version-title"></h3>
<textarea id="version-text" aria-label="Frühere Version (nur lesen)" readonly spellcheck="false"></textarea>
<div class="row"><button type="button" id="btn-version-use" class="secondary">In den Editor übernehmen</button>
<button type="button" id="btn-version-close" class="secondary">Schließen</button></div>
</div>
</div>
</section>`;

const transferSection = `<section id="transfer-section">
<h2>Import und Export</h2>
<p class="hint">Ein Import prüft alle Dateien und übernimmt alles oder nichts. Ortsartikel (<code>kind: town-facts</code>) kommen nach <code>towns/</code>, alle anderen nach <code>articles/</code>; aus einem gewählten Ordner zählt sein Unterordner.</p>
<div class="row"><label>Dateien <input type="file" id="import-files" multiple accept=".yaml,.yml"></label></div>
<div class="row"><label>oder einen Ordner <input type="file" id="import-folder" webkitdirectory></label></div>
<div class="row"><button type="button" id="btn-import">Importieren</button>
<button type="button" id="btn-export" class="secondary">Alle Dateien herunterladen (.zip)</button></div>
<p id="transfer-message" class="message" role="status" aria-live="polite"></p>
<ul id="import-problems" class="problems"></ul>
</section>`;

const gapsSection = (month: string): string => `<section id="gaps-section">
<h2>Wissenslücken</h2>
<p class="hint">Suchen der Agentinnen und Agenten, die nichts gefunden haben, die häufigsten zuerst.</p>
<div class="row"><label>Monat <input type="month" id="gaps-month" value="${escapeHtml(month)}"></label></div>
<table><thead><tr><th>Suche</th><th>Gemeinde</th><th>Anzahl</th></tr></thead><tbody id="gap-rows"></tbody></table>
<p id="gaps-message" class="hint" role="status"></p>
</section>`;

export const knowledgeEditorHtml = ({ data, signedInAs, townName, timezone, scriptUrl }: KnowledgeEditorPage): string => {
  const keeper = data.role !== 'town-staff';
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Wissensdatenbank</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header><h1>Wissensdatenbank</h1>
<span>Angemeldet: ${escapeHtml(signedInAs)}</span>
<form method="post" action="/logout"><button type="submit">Sitzung beenden</button></form>
</header>
<main id="knowledge" data-timezone="${escapeHtml(timezone)}">
${data.role === 'town-staff' && data.town !== undefined ? staffHint(data.town, townName ?? data.town) : ''}
${listSection(data, keeper)}
${editorSection}
${keeper ? transferSection : ''}
${keeper ? gapsSection(data.month) : ''}
<noscript><p>Diese Seite braucht JavaScript.</p></noscript>
</main>
<script type="application/json" id="knowledge-data">${scriptJson(data)}</script>
<script src="${escapeHtml(scriptUrl)}" defer></script>
</body>
</html>
`;
};
