/**
 * The article editor: the text of the article's YAML file in a text area, saved as a new version
 * with the version it started from (`expectedVersion`). The engine checks the text; the page shows
 * what it answers: every problem at once (422), that someone else saved meanwhile (409, with a
 * reload that keeps the unsaved text visible), or what town staff may change (403).
 */
import { byId, signInLink } from '../dom.js';
import { send } from '../http.js';
import { idOfText, withStatus } from './article-text.js';
import type { ArticleList } from './list.js';
import { messageOf, problemItem, problemsOf, say, unexpected, whoText } from './texts.js';
import type { VersionsPanel } from './versions.js';
import type { ArticleText, Saved } from './wire.js';

export interface EditorOptions {
  readonly names: Readonly<Record<string, string>>;
  readonly when: Intl.DateTimeFormat;
  readonly template: string;
  /** Town staff: what they may change, said again when the engine refuses a save. */
  readonly staffRule: string | null;
  readonly list: ArticleList;
  readonly versions: VersionsPanel;
}

export interface Editor {
  open(id: string): Promise<void>;
  startNew(): void;
  /** Puts a text into the editor (an earlier version), keeping the version it will be saved over. */
  useText(text: string, from: string): void;
  /** A message under the editor. */
  fail(message: string): void;
}

export function articleEditor(options: EditorOptions): Editor {
  const heading = byId('editor-title');
  const info = byId('editor-info');
  const area = byId('article-text', HTMLTextAreaElement);
  const save = byId('btn-save', HTMLButtonElement);
  const retire = byId('btn-retire', HTMLButtonElement);
  const reload = byId('btn-reload', HTMLButtonElement);
  const message = byId('editor-message');
  const problems = byId('problems');
  /** The open article's id; null for a new one (its id comes from its text) or none. */
  let openId: string | null = null;
  /** The version the text was loaded from: 0 for a new article. */
  let version = 0;
  let loadedText = '';

  const clear = (): void => {
    say(message, '');
    problems.replaceChildren();
    reload.hidden = true;
  };
  const enable = (on: boolean): void => {
    area.disabled = !on;
    save.disabled = !on;
    retire.disabled = !on;
  };
  const dirty = (): boolean => !area.disabled && area.value !== loadedText;
  const mayLeave = (): boolean => !dirty() || window.confirm('Ungespeicherte Änderungen verwerfen?');

  const open = async (id: string): Promise<void> => {
    const answer = await send('GET', `/api/knowledge/articles/${encodeURIComponent(id)}`);
    if (!answer.ok) return say(message, unexpected(answer.status, answer.body), 'error');
    const found = answer.body as ArticleText;
    clear();
    openId = id;
    version = found.version;
    loadedText = found.yaml;
    area.value = found.yaml;
    enable(true);
    heading.textContent = `${found.article.title} (${id})`;
    info.textContent = `Version ${found.version}, gespeichert von ${whoText(options.names, found.savedBy)} am ${options.when.format(found.savedAt)}; geprüft am ${found.article.checked.on}.`;
    options.list.markOpen(id);
    await options.versions.show(id);
  };

  const saved = async (id: string, result: Saved): Promise<void> => {
    const unchanged = result.version === version && result.changed.length === 0;
    await open(id);
    await options.list.refresh();
    if (unchanged) say(message, 'Keine Änderung: es gab nichts zu speichern.', 'ok');
    else say(message, `Gespeichert als Version ${result.version}${result.changed.length > 0 ? ` (geändert: ${result.changed.join(', ')})` : ''}.`, 'ok');
  };

  const refused = (status: number, body: unknown): void => {
    const found = problemsOf(body);
    if (status === 422 && found.length > 0) {
      say(message, `Nicht gespeichert: ${found.length === 1 ? '1 Problem' : `${found.length} Probleme`} im Text. Bitte beheben und erneut speichern.`, 'error');
      problems.replaceChildren(...found.map((p) => problemItem(p, false)));
    } else if (status === 409) {
      say(message, 'Nicht gespeichert: inzwischen hat jemand anderes diesen Artikel gespeichert. Laden Sie die neue Fassung; Ihr Text bleibt daneben zum Übernehmen sichtbar.', 'error');
      reload.hidden = false;
    } else if (status === 403) {
      say(message, `Nicht gespeichert: ${unexpected(status, body)}.${options.staffRule ? ` ${options.staffRule}` : ''}`, 'error');
      reload.hidden = openId === null;
    } else {
      say(message, unexpected(status, body), 'error');
      if (status === 401) message.append(' ', signInLink());
    }
  };

  const store = async (): Promise<void> => {
    clear();
    const yaml = area.value;
    const id = openId ?? idOfText(yaml);
    if (id === null) return say(message, 'Die Kennung fehlt: der Text braucht eine Zeile „id: …“ ganz links.', 'error');
    if (openId === null && options.list.has(id)) return say(message, `Einen Artikel „${id}“ gibt es schon: bitte eine andere Kennung wählen oder den Artikel in der Liste öffnen.`, 'error');
    save.disabled = true;
    try {
      const answer = await send('POST', `/api/knowledge/articles/${encodeURIComponent(id)}`, { yaml, expectedVersion: version });
      if (answer.ok) await saved(id, answer.body as Saved);
      else refused(answer.status, answer.body);
    } finally {
      save.disabled = area.disabled;
    }
  };

  save.addEventListener('click', () => void store().catch((err: unknown) => say(message, messageOf(err), 'error')));
  retire.addEventListener('click', () => {
    area.value = withStatus(area.value, 'retired');
    say(message, 'Status auf „retired“ gesetzt: speichern, um den Artikel auszumustern. Er bleibt mit allen Versionen erhalten.');
  });
  retire.hidden = options.staffRule !== null;
  reload.addEventListener('click', () => {
    if (openId === null) return;
    const mine = area.value;
    void open(openId)
      .then(() => options.versions.showText('Ihre nicht gespeicherte Fassung (nur lesen)', mine))
      .catch((err: unknown) => say(message, messageOf(err), 'error'));
  });

  return {
    async open(id) {
      if (mayLeave()) await open(id);
    },
    startNew() {
      if (!mayLeave()) return;
      clear();
      openId = null;
      version = 0;
      loadedText = options.template;
      area.value = options.template;
      enable(true);
      heading.textContent = 'Neuer Artikel';
      info.textContent = 'Kennung und Texte eintragen, dann speichern. Als Entwurf (status: draft) sehen ihn die Agentinnen und Agenten noch nicht.';
      options.list.markOpen(null);
      void options.versions.show(null);
      area.focus();
    },
    useText(text, from) {
      area.value = text;
      clear();
      say(message, `${from.replace(/ \(nur lesen\)$/, '')} in den Editor übernommen: speichern macht sie zur neuesten Version.`);
    },
    fail: (text) => say(message, text, 'error'),
  };
}
