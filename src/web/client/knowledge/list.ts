/**
 * The article list: title, kind, status, version, last save, "Prüfung fällig" for articles whose
 * check date is too old; filtered by text (title or id), status and municipality (its town facts
 * or a section for it). A title opens the article in the editor.
 */
import { byId, el } from '../dom.js';
import { send } from '../http.js';
import { KIND_TEXT, STATUS_TEXT, whoText } from './texts.js';
import type { ArticleList as ArticleListWire, ArticleSummary } from './wire.js';

export interface ArticleListOptions {
  readonly articles: readonly ArticleSummary[];
  readonly names: Readonly<Record<string, string>>;
  readonly when: Intl.DateTimeFormat;
  /** The date alone: the list stays narrow, the time is in the cell's tooltip. */
  readonly day: Intl.DateTimeFormat;
  readonly onOpen: (id: string) => void;
}

export interface ArticleList {
  /** Reads the list again from the server (after a save or an import). */
  refresh(): Promise<void>;
  /** Marks the article open in the editor. */
  markOpen(id: string | null): void;
  has(id: string): boolean;
}

const matches = (a: ArticleSummary, text: string, status: string, municipality: string): boolean =>
  (text === '' || a.title.toLowerCase().includes(text) || a.id.includes(text)) &&
  (status === '' || a.status === status) &&
  (municipality === '' || a.municipality === municipality || a.sections.includes(municipality));

export function articleList(options: ArticleListOptions): ArticleList {
  const rows = byId('article-rows');
  const count = byId('list-count');
  const text = byId('filter-text', HTMLInputElement);
  const status = byId('filter-status', HTMLSelectElement);
  const municipality = byId('filter-municipality', HTMLSelectElement);
  let articles = [...options.articles];
  let open: string | null = null;

  const row = (a: ArticleSummary): HTMLTableRowElement => {
    const tr = el('tr', a.id === open ? 'open' : '');
    tr.dataset.id = a.id;
    const title = el('button', 'link', a.title);
    title.type = 'button';
    title.title = `${a.id} öffnen`;
    title.addEventListener('click', () => options.onOpen(a.id));
    const titleCell = el('td');
    titleCell.append(title);
    const check = el('td');
    if (a.stale) check.append(el('span', 'flag', 'Prüfung fällig'));
    check.title = `zuletzt geprüft am ${a.checkedOn}`;
    const saved = el('td', '', `${whoText(options.names, a.savedBy)}, ${options.day.format(a.savedAt)}`);
    saved.title = options.when.format(a.savedAt);
    tr.append(
      titleCell,
      el('td', '', KIND_TEXT[a.kind]),
      el('td', `status-${a.status}`, STATUS_TEXT[a.status]),
      el('td', '', a.version),
      saved,
      check,
    );
    return tr;
  };

  const render = (): void => {
    const shown = articles.filter((a) => matches(a, text.value.trim().toLowerCase(), status.value, municipality.value));
    rows.replaceChildren(...shown.map(row));
    const stale = shown.filter((a) => a.stale).length;
    count.textContent = `${shown.length} von ${articles.length} Artikeln${stale > 0 ? `, davon ${stale} mit fälliger Prüfung` : ''}`;
  };

  text.addEventListener('input', render);
  status.addEventListener('change', render);
  municipality.addEventListener('change', render);
  render();

  return {
    async refresh() {
      const answer = await send('GET', '/api/knowledge/articles?all=1');
      if (!answer.ok) return;
      articles = [...(answer.body as ArticleListWire).articles];
      render();
    },
    markOpen(id) {
      open = id;
      render();
    },
    has: (id) => articles.some((a) => a.id === id),
  };
}
