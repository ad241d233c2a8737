import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Article } from './article.js';
import type { ArticleProblem } from './article-problem.js';
import type { FileFacts } from './article-set-rules.js';
import { articleToYaml } from './article-yaml.js';
import { checkFileSet, inFileOrder, type KnowledgeFile, type KnowledgeLoad } from './file-set.js';
import type { KnowledgeContext } from './knowledge-context.js';

/**
 * A knowledge directory on disk: `articles/<id>.yaml` for services and topics, `towns/<id>.yaml`
 * for the town-facts articles. Loading is all or nothing, so agents never see half an update.
 */

type Folder = FileFacts['folder'];
const FOLDERS: readonly Folder[] = ['articles', 'towns'];

export type { KnowledgeLoad } from './file-set.js';

/** Where an article's file lives, relative to the knowledge directory. */
export const articleFileName = (article: Article): string => `${article.kind === 'town-facts' ? 'towns' : 'articles'}/${article.id}.yaml`;

const reason = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const isMissing = (err: unknown): boolean => err instanceof Error && 'code' in err && err.code === 'ENOENT';

/**
 * Reads every article file of `dir` (its text, unchecked). A directory or file that cannot be read
 * is a problem; a missing folder holds no files.
 */
export const readKnowledgeFiles = async (dir: string): Promise<{ readonly files: KnowledgeFile[]; readonly problems: ArticleProblem[] }> => {
  const problems: ArticleProblem[] = [];
  const files: KnowledgeFile[] = [];
  try {
    await readdir(dir);
  } catch (err) {
    return { files, problems: [{ file: '', path: '', message: `das Verzeichnis der Wissensdatenbank ${dir} ist nicht lesbar: ${reason(err)}` }] };
  }
  for (const folder of FOLDERS) {
    for (const name of await listFolder(dir, folder, problems)) {
      const file = `${folder}/${name}`;
      try {
        files.push({ name: file, text: await readFile(join(dir, file), 'utf8') });
      } catch (err) {
        problems.push({ file, path: '', message: `die Datei ist nicht lesbar: ${reason(err)}` });
      }
    }
  }
  return { files, problems };
};

/**
 * Reads and checks every article of `dir`. Any problem in any file (or across files: the same id,
 * LeiKa key or town twice) fails the whole load, listing every problem and returning no articles.
 * Content errors are returned as data; only a programming error throws.
 */
export const loadKnowledgeDirectory = async (dir: string, context: KnowledgeContext): Promise<KnowledgeLoad> => {
  const { files, problems } = await readKnowledgeFiles(dir);
  const checked = checkFileSet(files, context);
  if (problems.length === 0) return checked;
  return { ok: false, problems: inFileOrder([...problems, ...(checked.ok ? [] : checked.problems)]) };
};

/** The `.yaml` files of one folder, sorted; a missing folder holds none. */
const listFolder = async (dir: string, folder: Folder, problems: ArticleProblem[]): Promise<string[]> => {
  let names: string[];
  try {
    names = await readdir(join(dir, folder));
  } catch (err) {
    if (isMissing(err)) return [];
    problems.push({ file: `${folder}/`, path: '', message: `das Verzeichnis ist nicht lesbar: ${reason(err)}` });
    return [];
  }
  for (const name of names.filter((n) => n.endsWith('.yml'))) {
    // Would otherwise be skipped without a word, and the editor would wonder where the article went.
    problems.push({ file: `${folder}/${name}`, path: '', message: 'Dateien der Wissensdatenbank enden auf .yaml: bitte umbenennen' });
  }
  return names.filter((n) => n.endsWith('.yaml') && !n.startsWith('.')).sort();
};

/**
 * Writes each article to its file under `dir` (canonical YAML, see article-yaml.ts) and returns
 * the files whose content changed; unchanged files are not touched. Other files stay as they are.
 */
export const writeKnowledgeDirectory = async (dir: string, articles: readonly Article[]): Promise<string[]> => {
  const changed: string[] = [];
  for (const folder of FOLDERS) await mkdir(join(dir, folder), { recursive: true });
  for (const article of articles) {
    const file = articleFileName(article);
    const path = join(dir, file);
    const text = articleToYaml(article);
    if ((await readExisting(path)) === text) continue;
    // Write beside it, then rename: a reader never sees half a file.
    const temp = join(dir, file.replace(/([^/]+)$/, '.$1.tmp'));
    await writeFile(temp, text, 'utf8');
    await rename(temp, path);
    changed.push(file);
  }
  return changed;
};

const readExisting = async (path: string): Promise<string | undefined> => {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
};
