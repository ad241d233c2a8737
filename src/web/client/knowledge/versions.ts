/**
 * The versions panel of the open article: every saved version (newest first) with who saved it,
 * when, and which fields changed; an earlier version shown read-only, and taken over into the
 * editor on request (saving it then makes it the newest version: nothing is overwritten).
 */
import { byId, el } from '../dom.js';
import { send } from '../http.js';
import { messageOf, unexpected, whoText } from './texts.js';
import type { ArticleText, VersionEntry, VersionList } from './wire.js';

export interface VersionsPanelOptions {
  readonly names: Readonly<Record<string, string>>;
  readonly when: Intl.DateTimeFormat;
  /** Puts an earlier version's text into the editor. */
  readonly useText: (text: string, from: string) => void;
  /** Reports a failure to read. */
  readonly fail: (message: string) => void;
}

export interface VersionsPanel {
  /** Lists the versions of this article (null: none open, or a new one). */
  show(id: string | null): Promise<void>;
  /** Shows a text read-only in the panel, e.g. the editor's unsaved text after a conflict. */
  showText(title: string, text: string): void;
}

export function versionsPanel(options: VersionsPanelOptions): VersionsPanel {
  const panel = byId('versions-panel');
  const rows = byId('version-rows');
  const view = byId('version-view');
  const title = byId('version-title');
  const text = byId('version-text', HTMLTextAreaElement);
  let shownTitle = '';

  const showText = (heading: string, yaml: string): void => {
    shownTitle = heading;
    title.textContent = heading;
    text.value = yaml;
    view.hidden = false;
  };

  const open = async (id: string, version: number): Promise<void> => {
    const answer = await send('GET', `/api/knowledge/articles/${encodeURIComponent(id)}/versions/${version}`);
    if (!answer.ok) return options.fail(unexpected(answer.status, answer.body));
    const found = answer.body as ArticleText;
    showText(`Version ${found.version} vom ${options.when.format(found.savedAt)} (nur lesen)`, found.yaml);
  };

  const row = (id: string, v: VersionEntry, newest: boolean): HTMLTableRowElement => {
    const tr = el('tr');
    tr.dataset.version = String(v.version);
    const look = el('button', 'secondary', 'Ansehen');
    look.type = 'button';
    look.disabled = newest;
    look.title = newest ? 'die aktuelle Version steht im Editor' : `Version ${v.version} ansehen`;
    look.addEventListener('click', () => void open(id, v.version).catch((err: unknown) => options.fail(messageOf(err))));
    const action = el('td');
    action.append(look);
    const changed = v.changed.length > 0 ? v.changed.join(', ') : v.version === 1 ? 'erste Version' : '–';
    tr.append(el('td', '', v.version), el('td', '', whoText(options.names, v.savedBy)), el('td', '', options.when.format(v.savedAt)), el('td', 'where', changed), action);
    return tr;
  };

  byId('btn-version-use').addEventListener('click', () => options.useText(text.value, shownTitle));
  byId('btn-version-close').addEventListener('click', () => {
    view.hidden = true;
  });

  return {
    async show(id) {
      view.hidden = true;
      rows.replaceChildren();
      panel.hidden = id === null;
      if (id === null) return;
      const answer = await send('GET', `/api/knowledge/articles/${encodeURIComponent(id)}/versions`);
      if (!answer.ok) return options.fail(unexpected(answer.status, answer.body));
      const { versions } = answer.body as VersionList;
      rows.replaceChildren(...versions.map((v, i) => row(id, v, i === 0)));
    },
    showText,
  };
}
