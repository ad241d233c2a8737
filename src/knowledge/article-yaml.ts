import { Document, isNode, isScalar, LineCounter, parseDocument, Scalar, visit, type YAMLError } from 'yaml';
import { COUNTY_SECTION, type Article, type LocalSection } from './article.js';
import { fieldPath, type FieldProblem } from './article-problem.js';
import { checkArticle, type ArticleValidation } from './article-schema.js';
import type { KnowledgeContext } from './knowledge-context.js';

/**
 * One article ⇄ the text of its YAML file. Writing is canonical: a fixed key order, block style
 * for long texts, so that writing an unchanged article gives the same bytes and diffs stay small.
 */

const ARTICLE_KEYS = [
  'id',
  'kind',
  'status',
  'title',
  'municipality',
  'synonyms',
  'leika',
  'answer',
  'documents',
  'fees',
  'processingTime',
  'office',
  'links',
  'checked',
  'sections',
  'source',
] as const satisfies readonly (keyof Article)[];

const SECTION_KEYS = ['office', 'address', 'hours', 'phone', 'fee', 'handledByCounty', 'department', 'text'] as const satisfies readonly (keyof LocalSection)[];

/** Texts read aloud or several sentences long: always block style, however short. */
const BLOCK_KEYS = new Set(['answer', 'text']);
/** Any other text longer than this is written in block style too. */
const BLOCK_FROM_CHARS = 80;
const LINE_WIDTH = 100;

const pick = <K extends string>(o: Partial<Record<K, unknown>>, keys: readonly K[]): Record<string, unknown> =>
  Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));

const isEmpty = (v: unknown): boolean => (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && v !== null && Object.keys(v).length === 0);

/** Towns alphabetically, the county last: the same order whatever order the article was built in. */
const sectionOrder = (a: string, b: string): number =>
  a === COUNTY_SECTION ? 1 : b === COUNTY_SECTION ? -1 : a < b ? -1 : a > b ? 1 : 0;

const ordered = (article: Article): Record<string, unknown> => {
  const sections = Object.fromEntries(
    Object.keys(article.sections)
      .sort(sectionOrder)
      .map((key) => [key, pick(article.sections[key] ?? {}, SECTION_KEYS)]),
  );
  const top = pick({ ...article, sections }, ARTICLE_KEYS);
  // Empty lists and an empty sections map are the defaults when reading: leave them out.
  for (const key of ['synonyms', 'documents', 'links', 'sections']) if (isEmpty(top[key])) delete top[key];
  return top;
};

export const articleToYaml = (article: Article): string => {
  const doc = new Document(ordered(article));
  visit(doc, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (isScalar(pair.value)) styleText(pair.value, BLOCK_KEYS.has(key));
    },
    Seq(_, seq) {
      for (const item of seq.items) if (isScalar(item)) styleText(item, false);
    },
  });
  return doc.toString({ lineWidth: LINE_WIDTH, minContentWidth: 40 });
};

const styleText = (node: Scalar, always: boolean): void => {
  if (typeof node.value !== 'string') return;
  if (node.value.includes('\n')) node.type = Scalar.BLOCK_LITERAL;
  else if (always || node.value.length > BLOCK_FROM_CHARS) node.type = Scalar.BLOCK_FOLDED;
};

/** The yaml library's messages are English; the one editors meet most often gets German words. */
const syntaxMessage = (e: YAMLError): string =>
  e.code === 'DUPLICATE_KEY' ? 'ein Feld steht zweimal im selben Abschnitt' : `YAML-Syntaxfehler: ${e.message}`;

/**
 * Parses and validates the text of one article file. `fileName` is relative to the knowledge
 * directory (e.g. `articles/reisepass.yaml`); problems carry it and, where possible, a line.
 */
export const parseArticleYaml = (text: string, fileName: string, context: KnowledgeContext): ArticleValidation =>
  readArticleYaml(text, fileName, context).validation;

/** As parseArticleYaml, also returning the file's data as parsed (undefined after a syntax error), for rules across files. */
export const readArticleYaml = (
  text: string,
  fileName: string,
  context: KnowledgeContext,
): { readonly raw: unknown; readonly validation: ArticleValidation } => {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    // A syntax error makes the tree unreliable: report it alone rather than guess at fields.
    const problems = doc.errors.map((e) => ({ file: fileName, path: '', message: syntaxMessage(e), line: lineAt(e.pos[0]) }));
    return { raw: undefined, validation: { ok: false, problems } };
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    return { raw, validation: { ok: false, problems: [{ file: fileName, path: '', message: 'die Datei ist leer' }] } };
  }
  const result = checkArticle(raw, context, fileName);
  if (result.ok) return { raw, validation: result };
  const problems = result.problems.map((p) => {
    const offset = offsetOf(doc, p);
    return { file: fileName, path: fieldPath(p.path), message: p.message, ...(offset === undefined ? {} : { line: lineAt(offset) }) };
  });
  return { raw, validation: { ok: false, problems } };
};

/** Offset of the deepest node that exists along the problem's path: a missing field points at its parent. */
const offsetOf = (doc: Document, p: FieldProblem): number | undefined => {
  for (let depth = p.path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(p.path.slice(0, depth), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
};
