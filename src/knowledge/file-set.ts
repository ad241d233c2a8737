import type { Article } from './article.js';
import type { ArticleProblem } from './article-problem.js';
import { checkArticleSet, factsOf, type FileFacts } from './article-set-rules.js';
import { readArticleYaml } from './article-yaml.js';
import type { KnowledgeContext } from './knowledge-context.js';

/** One file of a knowledge file set: its name relative to the knowledge directory, and its text. */
export interface KnowledgeFile {
  /** `articles/<id>.yaml` or `towns/<id>.yaml`. */
  readonly name: string;
  readonly text: string;
}

export type KnowledgeLoad =
  | { readonly ok: true; readonly articles: readonly Article[] }
  | { readonly ok: false; readonly problems: readonly ArticleProblem[] };

const FOLDER = /^(articles|towns)\/[^/]+\.yaml$/;

/**
 * Checks a whole file set, all or nothing: any problem in any file, or across files (the same id,
 * LeiKa key or town twice), fails it, listing every problem in file order and returning no articles.
 */
export const checkFileSet = (files: readonly KnowledgeFile[], context: KnowledgeContext): KnowledgeLoad => {
  const problems: ArticleProblem[] = [];
  const facts: FileFacts[] = [];
  const articles: Article[] = [];
  for (const { name, text } of files) {
    const folder = FOLDER.exec(name)?.[1] as FileFacts['folder'] | undefined;
    if (folder === undefined) {
      problems.push({ file: name, path: '', message: 'gehört nicht zur Wissensdatenbank: erwartet articles/<kennung>.yaml oder towns/<kennung>.yaml' });
      continue;
    }
    const { raw, validation } = readArticleYaml(text, name, context);
    facts.push(factsOf(name, folder, raw));
    if (validation.ok) articles.push(validation.article);
    else problems.push(...validation.problems);
  }
  problems.push(...checkArticleSet(facts));
  return problems.length > 0 ? { ok: false, problems: inFileOrder(problems) } : { ok: true, articles };
};

export const inFileOrder = (problems: readonly ArticleProblem[]): ArticleProblem[] =>
  problems
    .map((p, index) => ({ p, index }))
    .sort((a, b) => (a.p.file < b.p.file ? -1 : a.p.file > b.p.file ? 1 : (a.p.line ?? Infinity) - (b.p.line ?? Infinity) || a.index - b.index))
    .map(({ p }) => p);
