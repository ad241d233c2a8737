import type { ArticleProblem } from './article-problem.js';

/**
 * Rules across the files of one knowledge directory. They work on what each file says about
 * itself, read defensively, so a file with other problems still takes part.
 */
export interface FileFacts {
  /** Relative to the knowledge directory: `articles/reisepass.yaml`, `towns/hasloh.yaml`. */
  readonly file: string;
  /** The subdirectory the file lies in. */
  readonly folder: 'articles' | 'towns';
  readonly id?: string;
  readonly kind?: string;
  readonly status?: string;
  readonly leika?: string;
  readonly municipality?: string;
}

export const factsOf = (file: string, folder: FileFacts['folder'], raw: unknown): FileFacts => {
  const o = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const str = (key: string) => (typeof o[key] === 'string' ? { [key]: o[key] } : {});
  return { file, folder, ...str('id'), ...str('kind'), ...str('status'), ...str('leika'), ...str('municipality') };
};

export const checkArticleSet = (files: readonly FileFacts[]): ArticleProblem[] => [
  ...files.flatMap(folderRule),
  ...duplicates(files, (f) => f.id, 'id', (id, first) => `die Kennung „${id}“ gibt es schon in ${first}`),
  // A retired article is kept for history: it may share its key or town with the one that replaced it.
  ...duplicates(
    files.filter((f) => f.status !== 'retired'),
    (f) => f.leika,
    'leika',
    (leika, first) => `der LeiKa-Schlüssel ${leika} steht schon in ${first}: eine Leistung hat genau einen Artikel`,
  ),
  ...duplicates(
    files.filter((f) => f.status !== 'retired' && f.kind === 'town-facts'),
    (f) => f.municipality,
    'municipality',
    (town, first) => `für „${town}“ gibt es schon einen Ortsartikel (${first}): eine Gemeinde hat genau einen`,
  ),
];

const folderRule = (f: FileFacts): ArticleProblem[] => {
  if (f.kind === 'town-facts' && f.folder !== 'towns') {
    return [{ file: f.file, path: 'kind', message: 'Ortsartikel (kind: town-facts) gehören in das Verzeichnis towns/' }];
  }
  if ((f.kind === 'service' || f.kind === 'topic') && f.folder !== 'articles') {
    return [{ file: f.file, path: 'kind', message: `Artikel mit kind: ${f.kind} gehören in das Verzeichnis articles/; in towns/ liegen nur Ortsartikel` }];
  }
  return [];
};

/** Every file after the first with the same value of `key` gets a problem naming the first. */
const duplicates = (
  files: readonly FileFacts[],
  key: (f: FileFacts) => string | undefined,
  path: string,
  message: (value: string, firstFile: string) => string,
): ArticleProblem[] => {
  const firstFile = new Map<string, string>();
  const problems: ArticleProblem[] = [];
  for (const f of files) {
    const value = key(f);
    if (value === undefined) continue;
    const first = firstFile.get(value);
    if (first === undefined) firstFile.set(value, f.file);
    else problems.push({ file: f.file, path, message: message(value, first) });
  }
  return problems;
};
