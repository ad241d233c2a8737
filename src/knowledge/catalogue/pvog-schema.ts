import { z } from 'zod';

/**
 * The parts of the PVOG search service's answers (Suchdienst-API, FITKO) the import reads. Every
 * object may carry more fields than these (`passthrough`): the API adds fields between versions,
 * and the import must not fail on one it does not use.
 *
 * - a page of the service list: `GET /v7/servicedescriptions/{ars}?page=&size=` answers
 *   `{ serviceDescriptions: Page }`, `GET /v3/servicedescriptions/leikaid?ars=&leikaIds=&page=&size=`
 *   answers the `Page` itself (Spring Data: `content`, `number` from 0, `totalPages`);
 * - one description: `GET /v6/servicedescriptions/{id}/detail?ars=`.
 */

const link = z.object({ title: z.string().nullish(), uri: z.string().nullish() }).passthrough();

/** A text module of a description (`details[]`): its LeiKa module code, a heading, HTML text, links, sub-entries. */
const textModule = z
  .object({
    code: z.string().nullish(),
    title: z.string().nullish(),
    text: z.string().nullish(),
    /** The editorial system filled the module with a stand-in ("nicht angegeben"). */
    placeholder: z.boolean().nullish(),
    links: z.array(link).nullish(),
    details: z.array(z.object({ title: z.string().nullish(), text: z.string().nullish() }).passthrough()).nullish(),
  })
  .passthrough();

const organisation = z
  .object({
    id: z.string().nullish(),
    title: z.string().nullish(),
    role: z.object({ code: z.string().nullish(), name: z.string().nullish() }).passthrough().nullish(),
  })
  .passthrough();

export const pvogDescriptionSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().nullish(),
    leikakeys: z.array(z.string()).nullish(),
    ars: z.array(z.string()).nullish(),
    details: z.array(textModule).nullish(),
    sourcePortals: z.array(link).nullish(),
    onlineServiceLinks: z.array(link).nullish(),
    organisations: z.array(organisation).nullish(),
  })
  .passthrough();

export type PvogDescription = z.infer<typeof pvogDescriptionSchema>;
export type PvogTextModule = z.infer<typeof textModule>;
export type PvogLink = z.infer<typeof link>;

const pageSchema = z
  .object({
    content: z.array(z.object({ id: z.string().min(1), name: z.string().nullish() }).passthrough()),
    number: z.number().int().nonnegative().nullish(),
    totalPages: z.number().int().nonnegative().nullish(),
  })
  .passthrough();

export type PvogListPage = z.infer<typeof pageSchema>;

/** A page of the service list, in either endpoint's form (wrapped in `serviceDescriptions` or not). */
export const parseListPage = (body: unknown): z.SafeParseReturnType<unknown, PvogListPage> => {
  const wrapped = typeof body === 'object' && body !== null && 'serviceDescriptions' in body;
  return pageSchema.safeParse(wrapped ? body.serviceDescriptions : body);
};

/** `details[0].code: Expected string, received number`: one line per issue, for the operator. */
export const shapeProblems = (error: z.ZodError): string =>
  error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') || '(Antwort)'}: ${i.message}`)
    .join('; ');
