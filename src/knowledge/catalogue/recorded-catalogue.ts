import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { EngineError } from '../../errors.js';
import type { CatalogueSource, ListRequest } from './catalogue-source.js';
import { shapeProblems } from './pvog-schema.js';

/**
 * A recorded run of the search service: the answers exactly as the API gave them, so that an
 * import can be repeated, tested and shown without the network. The list pages in order (page 0
 * first) and each description by its id; which endpoint answered is left out, so a recording
 * serves whatever page size or LeiKa filter the replay asks with (the client filters by LeiKa
 * after reading each description).
 */
export interface CatalogueRecording {
  /** What was recorded and why, for people reading the file. */
  readonly note?: string;
  readonly recordedAt?: string;
  readonly origin?: string;
  /** The regional key (ARS) the answers are for. */
  readonly ars: string;
  readonly pages: readonly unknown[];
  readonly descriptions: Readonly<Record<string, unknown>>;
}

const recordingSchema = z
  .object({
    note: z.string().optional(),
    recordedAt: z.string().optional(),
    origin: z.string().optional(),
    ars: z.string().regex(/^\d{12}$/, '12 Ziffern'),
    pages: z.array(z.unknown()).min(1),
    descriptions: z.record(z.string(), z.unknown()),
  })
  .strict();

/** Reads a recording file; a missing or malformed file is a `CATALOGUE_UNAVAILABLE` or `CATALOGUE_BAD_RESPONSE` error. */
export const readRecording = async (file: string): Promise<CatalogueRecording> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new EngineError('CATALOGUE_UNAVAILABLE', `die Aufzeichnung ${file} ist nicht lesbar: ${err instanceof Error ? err.message : String(err)}`, { file }, { cause: err });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new EngineError('CATALOGUE_BAD_RESPONSE', `die Aufzeichnung ${file} ist kein JSON: ${err instanceof Error ? err.message : String(err)}`, { file }, { cause: err });
  }
  const parsed = recordingSchema.safeParse(raw);
  if (!parsed.success) throw new EngineError('CATALOGUE_BAD_RESPONSE', `die Aufzeichnung ${file} hat nicht die erwartete Form: ${shapeProblems(parsed.error)}`, { file });
  return parsed.data;
};

/** Answers from a recording; asking for something it does not hold is a `CATALOGUE_UNAVAILABLE` error. */
export const recordedCatalogue = (recording: CatalogueRecording, origin: string): CatalogueSource => {
  const answer = (body: unknown, what: string): Promise<unknown> =>
    body === undefined ? Promise.reject(new EngineError('CATALOGUE_UNAVAILABLE', `${origin}: keine Antwort aufgezeichnet für ${what}`, { origin })) : Promise.resolve(body);
  return {
    origin,
    listPage: (r: ListRequest) =>
      r.ars === recording.ars ? answer(recording.pages[r.page], `Seite ${r.page + 1} der Leistungsliste`) : answer(undefined, `ARS ${r.ars} (aufgezeichnet ist ARS ${recording.ars})`),
    description: (id: string) => answer(Object.hasOwn(recording.descriptions, id) ? recording.descriptions[id] : undefined, `die Leistungsbeschreibung ${id}`),
  };
};

/** Wraps a source and keeps every answer it gives, to be written as a recording. */
export const recordingOf = (inner: CatalogueSource, ars: string, now: () => number): { source: CatalogueSource; recording: () => CatalogueRecording } => {
  const pages: unknown[] = [];
  const descriptions: Record<string, unknown> = {};
  return {
    source: {
      origin: inner.origin,
      listPage: async (r) => {
        const body = await inner.listPage(r);
        pages[r.page] = body;
        return body;
      },
      description: async (id, regionKey) => {
        const body = await inner.description(id, regionKey);
        descriptions[id] = body;
        return body;
      },
    },
    recording: () => ({ recordedAt: new Date(now()).toISOString(), origin: inner.origin, ars, pages, descriptions }),
  };
};
