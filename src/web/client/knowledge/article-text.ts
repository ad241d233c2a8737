/**
 * What the page reads from and changes in an article's YAML text without a YAML parser (the
 * engine parses and checks it on save, docs/knowledge-base.md): the top-level `id:`, `kind:` and
 * `status:` lines. A top-level key always starts its line (block texts are indented), so a line
 * starting with the key is the key itself.
 */

const topLevel = (key: string): RegExp => new RegExp(`^${key}:[ \\t]*(["']?)([^"'\\s#]*)\\1[ \\t]*(?:#.*)?$`, 'm');

/** The value of a top-level key written as a plain word (`id: reisepass`, `kind: "service"`); null when missing. */
export const topLevelWord = (text: string, key: string): string | null => {
  const value = topLevel(key).exec(text)?.[2];
  return value === undefined || value === '' ? null : value;
};

/** The article's id as its text says; null when there is none. */
export const idOfText = (text: string): string | null => topLevelWord(text, 'id');

/** Where the file of this text belongs in a knowledge directory: town facts under `towns/`, the rest under `articles/`. */
export const folderOfText = (text: string): 'articles' | 'towns' => (topLevelWord(text, 'kind') === 'town-facts' ? 'towns' : 'articles');

/**
 * The text with `status: <status>`: the top-level status line replaced, or added after `kind:`
 * (or at the start) when there is none. Everything else stays as it is.
 */
export const withStatus = (text: string, status: 'draft' | 'published' | 'retired'): string => {
  const line = `status: ${status}`;
  const existing = /^status:.*$/m;
  if (existing.test(text)) return text.replace(existing, line);
  const kind = /^kind:.*$/m.exec(text);
  if (kind === null) return `${line}\n${text}`;
  const end = kind.index + kind[0].length;
  return `${text.slice(0, end)}\n${line}${text.slice(end)}`;
};

/**
 * A chosen file's name in the knowledge directory: `articles/<file>` or `towns/<file>`. A file
 * chosen with its folder (`knowledge/towns/hasloh.yaml`) keeps the folder it was in when that is
 * `articles` or `towns`; otherwise the text decides (`kind: town-facts` → `towns/`).
 */
export const importNameOf = (fileName: string, relativePath: string, text: string): string => {
  const parts = relativePath.split('/').filter((p) => p !== '');
  const parent = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  const folder = parent === 'articles' || parent === 'towns' ? parent : folderOfText(text);
  return `${folder}/${fileName}`;
};

/** Files of a knowledge directory, as a folder choice brings them: YAML only (a README or a .git file is not an article). */
export const isArticleFileName = (name: string): boolean => /\.ya?ml$/i.test(name) && !name.startsWith('.');
