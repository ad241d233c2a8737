/**
 * One thing wrong with a knowledge base file, written for the editor who fixes it:
 * `articles/reisepass.yaml: sections.hasloh.department: Fachbereich „bauamt“ gibt es in Hasloh nicht`.
 */
export interface ArticleProblem {
  /** The file, relative to the knowledge directory (e.g. `articles/reisepass.yaml`); empty when unknown. */
  readonly file: string;
  /** The field, e.g. `sections.hasloh.department` or `links[1].url`; empty for the whole file. */
  readonly path: string;
  /** German, for editors. */
  readonly message: string;
  /** 1-based line in the file, when the problem can be pinned to one. */
  readonly line?: number;
}

/** A problem before it is tied to a file: the field as a list of keys and indexes. */
export interface FieldProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** `['links', 1, 'url']` → `links[1].url`. */
export const fieldPath = (path: readonly (string | number)[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

/** One line for a terminal or a page: file, field, message and, when known, the line. */
export const formatArticleProblem = (p: ArticleProblem): string => {
  const where = [p.file, p.path].filter((s) => s !== '').join(': ');
  const line = p.line === undefined ? '' : ` (Zeile ${p.line})`;
  return where === '' ? `${p.message}${line}` : `${where}: ${p.message}${line}`;
};
