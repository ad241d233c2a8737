import { z } from 'zod';
import type { Article } from './article.js';
import { fieldPath, type ArticleProblem, type FieldProblem } from './article-problem.js';
import { checkArticleRules, isCalendarDate } from './article-rules.js';
import type { KnowledgeContext } from './knowledge-context.js';

/**
 * The structure of one article file, field by field, with German messages for editors. Rules that
 * need the deployment (town ids, departments) or relate several fields live in article-rules.ts:
 * zod skips an object's refinements once one of its fields is broken, and editors should see every
 * problem of a file in one run.
 */

/** The spoken answer is read aloud on the phone: about a minute at most. */
export const ANSWER_MAX_CHARS = 700;
export const ID_MAX_CHARS = 60;
const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const PHONE = /^\+?[0-9][0-9 ()/-]*$/;

const text = z.string().refine((s) => s.trim() !== '', 'darf nicht leer sein');

const https = z.string().refine((s) => {
  try {
    return new URL(s).protocol === 'https:';
  } catch {
    return false; // not a URL at all: reported by this same message
  }
}, 'muss eine vollständige https-Adresse sein, z. B. „https://www.kreis-pinneberg.de“ (http und andere Protokolle sind nicht erlaubt)');

const linkSchema = z.object({ title: text, url: https }).strict().readonly();

const checkSchema = z
  .object({
    on: z.string().refine(isCalendarDate, 'muss ein gültiges Datum JJJJ-MM-TT sein, z. B. „2026-03-14“'),
    by: text,
  })
  .strict()
  .readonly();

const sectionSchema = z
  .object({
    office: text.optional(),
    address: text.optional(),
    hours: text.optional(),
    phone: z
      .string()
      .regex(PHONE, 'Telefonnummer nur aus Ziffern, Leerzeichen und + ( ) / - schreiben, z. B. „04106 611-0“')
      .optional(),
    fee: text.optional(),
    handledByCounty: z.boolean().optional(),
    department: text.optional(),
    text: text.optional(),
  })
  .strict()
  .readonly();

const sourceSchema = z
  .object({
    catalogue: z.literal('pvog'),
    id: text,
    fetchedAt: z
      .string()
      .refine((s) => ISO_TIMESTAMP.test(s) && !Number.isNaN(Date.parse(s)), 'muss ein Zeitpunkt wie „2026-03-14T09:30:00Z“ sein'),
    text: z.string(),
  })
  .strict()
  .readonly();

const articleObject = z
  .object({
    id: z
      .string()
      .regex(ID_PATTERN, 'nur Kleinbuchstaben a–z, Ziffern und Bindestriche (keine Umlaute, kein ß, keine Leerzeichen), z. B. „reisepass“')
      .max(ID_MAX_CHARS, `höchstens ${ID_MAX_CHARS} Zeichen`),
    kind: z.enum(['service', 'topic', 'town-facts']),
    status: z.enum(['draft', 'published', 'retired']),
    title: text,
    synonyms: z.array(text).readonly().default([]),
    leika: z.string().regex(/^\d{14}$/, 'ein LeiKa-Schlüssel hat genau 14 Ziffern, ohne Leerzeichen').optional(),
    answer: text.refine(
      (s) => [...s].length <= ANSWER_MAX_CHARS,
      (s) => ({
        message: `die gesprochene Antwort hat ${[...s].length} Zeichen, höchstens ${ANSWER_MAX_CHARS} sind erlaubt: sie wird am Telefon vorgelesen. Bitte kürzen; Einzelheiten gehören in Unterlagen, Gebühren oder die Abschnitte der Gemeinden`,
      }),
    ),
    documents: z.array(text).readonly().default([]),
    fees: text.optional(),
    processingTime: text.optional(),
    office: text.optional(),
    links: z.array(linkSchema).readonly().default([]),
    checked: checkSchema,
    sections: z.record(z.string(), sectionSchema).readonly().default({}),
    municipality: text.optional(),
    source: sourceSchema.optional(),
  })
  .strict();

/** One article as stored: unknown fields are errors (usually a misspelt one), lists default to empty. */
export const articleSchema: z.ZodType<Article, z.ZodTypeDef, unknown> = articleObject.readonly();

// The schema and the Article type must describe the same thing: these fail to compile otherwise.
type Parsed = z.output<typeof articleObject>;
type _SameShape = Assert<Parsed extends Article ? (Article extends Parsed ? true : false) : false>;
type Assert<T extends true> = T;

const FIELDS_AT: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(articleObject.shape),
  links: Object.keys(linkSchema.unwrap().shape),
  checked: Object.keys(checkSchema.unwrap().shape),
  sections: Object.keys(sectionSchema.unwrap().shape),
  source: Object.keys(sourceSchema.unwrap().shape),
};

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'Text',
  number: 'eine Zahl',
  integer: 'eine Zahl',
  float: 'eine Zahl',
  boolean: 'true oder false',
  array: 'eine Liste',
  object: 'ein Abschnitt mit Feldern',
  null: 'leer',
};

/** zod's issues in German, worded for someone editing a YAML file rather than a programmer. */
const germanErrors: z.ZodErrorMap = (issue, ctx) => {
  if (issue.code === 'invalid_type') {
    if (issue.received === 'undefined') return { message: 'fehlt (Pflichtfeld)' };
    if (issue.received === 'null') return { message: 'ist leer: einen Wert eintragen oder die Zeile löschen' };
    if (issue.expected === 'string' && issue.received === 'number') {
      return { message: 'muss Text sein: Zahlen in Anführungszeichen setzen (z. B. "04106 611-0"), sonst liest YAML eine Zahl und verliert führende Nullen' };
    }
    const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
    const received = TYPE_NAMES[issue.received] ?? issue.received;
    return { message: `muss ${expected} sein, ist aber ${received}` };
  }
  if (issue.code === 'invalid_enum_value') {
    return { message: `„${String(issue.received)}“ ist nicht erlaubt; möglich: ${issue.options.join(', ')}` };
  }
  if (issue.code === 'invalid_literal') return { message: `muss „${String(issue.expected)}“ sein` };
  // Every other issue carries its own German message from the schema.
  return { message: ctx.defaultError };
};

const structuralProblems = (error: z.ZodError): FieldProblem[] =>
  error.issues.flatMap((issue): FieldProblem[] => {
    if (issue.code !== 'unrecognized_keys') return [{ path: issue.path, message: issue.message }];
    // One problem per unknown key, at the key itself: usually a misspelt field.
    const fields = FIELDS_AT[typeof issue.path[0] === 'string' ? issue.path[0] : ''] ?? [];
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      message: `unbekanntes Feld „${key}“ (vertippt?); erlaubt sind: ${fields.join(', ')}`,
    }));
  });

export type ArticleValidation =
  | { readonly ok: true; readonly article: Article }
  | { readonly ok: false; readonly problems: readonly ArticleProblem[] };

/** As validateArticle, with each problem's field still a list of keys (to find its line in a file). */
export const checkArticle = (
  raw: unknown,
  context: KnowledgeContext,
  fileName?: string,
): { readonly ok: true; readonly article: Article } | { readonly ok: false; readonly problems: readonly FieldProblem[] } => {
  const parsed = articleSchema.safeParse(raw, { errorMap: germanErrors });
  const problems = [...(parsed.success ? [] : structuralProblems(parsed.error)), ...checkArticleRules(raw, context, fileName)];
  return parsed.success && problems.length === 0 ? { ok: true, article: parsed.data } : { ok: false, problems };
};

/**
 * Checks one article (already parsed from YAML) against the structure and the deployment, and
 * reports every problem at once. `fileName` (e.g. `articles/reisepass.yaml`) names the file in
 * problems, and the id must equal its name without `.yaml`.
 */
export const validateArticle = (raw: unknown, context: KnowledgeContext, fileName?: string): ArticleValidation => {
  const result = checkArticle(raw, context, fileName);
  if (result.ok) return result;
  const file = fileName ?? '';
  return { ok: false, problems: result.problems.map((p) => ({ file, path: fieldPath(p.path), message: p.message })) };
};
