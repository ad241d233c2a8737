import type { ArticleLink } from '../article.js';
import type { CatalogueService } from './catalogue-service.js';
import { htmlToItems, htmlToLines } from './html-text.js';
import { DOCUMENTS_MODULE, FEES_MODULE, isResponsibleRole, PROCESSING_TIME_MODULE, PVOG_MODULES, SUMMARY_MODULES, type PvogModuleCode } from './pvog-modules.js';
import type { PvogDescription, PvogLink, PvogTextModule } from './pvog-schema.js';

/** A description the import cannot use, and why (German, for the operator). */
export interface SkippedDescription {
  readonly id: string;
  readonly title: string;
  readonly reason: string;
}

export type DescriptionReading = { readonly ok: true; readonly service: CatalogueService } | ({ readonly ok: false } & SkippedDescription);

const LEIKA = /^\d{14}$/;
const ARS = /^\d{12}$/;
/** What editorial systems write into a module they had nothing for. */
const EMPTY_TEXT = /^(nicht angegeben|keine angaben?|entfällt|-|–)\.?$/i;
const MAX_LINKS = 5;
const MAX_OFFICES = 3;

/** The module's own lines: its text, then its sub-entries as "title: text", then its links. */
const linesOf = (module: PvogTextModule): string[] => {
  if (module.placeholder === true) return [];
  const lines = htmlToLines(module.text ?? '').filter((l) => !EMPTY_TEXT.test(l));
  for (const sub of module.details ?? []) {
    const text = htmlToLines(sub.text ?? '').join(' ');
    const entry = [sub.title?.trim(), text].filter((s) => s !== undefined && s !== '').join(': ');
    if (entry !== '' && !EMPTY_TEXT.test(entry)) lines.push(entry);
  }
  for (const l of module.links ?? []) {
    if (l.uri) lines.push(l.title?.trim() ? `${l.title.trim()}: ${l.uri}` : l.uri);
  }
  return lines;
};

const isHttps = (uri: string): boolean => {
  try {
    return new URL(uri).protocol === 'https:';
  } catch {
    return false; // not a URL at all: not a link an agent can open
  }
};

const linksOf = (description: PvogDescription): ArticleLink[] => {
  const candidates: [PvogLink, string][] = [
    ...(description.sourcePortals ?? []).map((l): [PvogLink, string] => [l, 'Leistungsbeschreibung im Verwaltungsportal']),
    ...(description.onlineServiceLinks ?? []).map((l): [PvogLink, string] => [l, 'Online-Antrag']),
  ];
  const seen = new Set<string>();
  const links: ArticleLink[] = [];
  for (const [l, fallbackTitle] of candidates) {
    const url = l.uri?.trim() ?? '';
    if (!isHttps(url) || seen.has(url)) continue;
    seen.add(url);
    links.push({ title: l.title?.trim() || fallbackTitle, url });
  }
  return links.slice(0, MAX_LINKS);
};

const officeOf = (description: PvogDescription): string | undefined => {
  const titles = (description.organisations ?? []).filter((o) => isResponsibleRole(o.role)).map((o) => o.title?.trim() ?? '');
  const unique = [...new Set(titles.filter((t) => t !== ''))].slice(0, MAX_OFFICES);
  return unique.length > 0 ? unique.join('; ') : undefined;
};

/** Several lines as one field: "Die Gebühr richtet sich nach dem Alter; ab 24 Jahren: 70,00 Euro". */
const joined = (lines: readonly string[]): string | undefined => (lines.length > 0 ? lines.map((l, i) => (i < lines.length - 1 ? l.replace(/\.$/, '') : l)).join('; ') : undefined);

/**
 * Reads one description of the search service into the knowledge base's terms. A description
 * without a LeiKa key or without a name is skipped: articles are keyed by LeiKa. Of several keys
 * the first one asked for (`wanted`) is taken, else the first.
 */
export const readDescription = (description: PvogDescription, wanted: ReadonlySet<string> = new Set()): DescriptionReading => {
  const title = description.name?.trim() ?? '';
  const keys = (description.leikakeys ?? []).map((k) => k.trim()).filter((k) => LEIKA.test(k));
  const leika = keys.find((k) => wanted.has(k)) ?? keys[0];
  if (title === '' || title === '<fehlt>') return { ok: false, id: description.id, title, reason: 'ohne Bezeichnung' };
  if (leika === undefined) return { ok: false, id: description.id, title, reason: 'ohne LeiKa-Schlüssel' };

  const modules = new Map<string, PvogTextModule>();
  for (const m of description.details ?? []) if (m.code && !modules.has(m.code)) modules.set(m.code, m);
  const lines = (code: PvogModuleCode): string[] => {
    const m = modules.get(code);
    return m === undefined ? [] : linesOf(m);
  };

  const parts = PVOG_MODULES.flatMap(({ code, heading }) => {
    const body = lines(code);
    // Our own headings, not the editorial system's: a renamed heading is no change of the service.
    return body.length === 0 ? [] : [[heading, ...body].join('\n')];
  });
  const summary = SUMMARY_MODULES.map((code) => lines(code).find((l) => !l.startsWith('- ') && !l.includes('://'))).find((l) => l !== undefined) ?? '';
  const documentsModule = modules.get(DOCUMENTS_MODULE);
  const documents = documentsModule === undefined || documentsModule.placeholder === true ? [] : htmlToItems(documentsModule.text ?? '').filter((d) => !EMPTY_TEXT.test(d));
  const fees = joined(lines(FEES_MODULE).filter((l) => !l.includes('://')));
  const processingTime = joined(lines(PROCESSING_TIME_MODULE).filter((l) => !l.includes('://')));
  const office = officeOf(description);

  return {
    ok: true,
    service: {
      id: description.id,
      leika,
      title,
      regions: (description.ars ?? []).filter((a) => ARS.test(a)),
      summary,
      text: parts.join('\n\n'),
      documents,
      ...(fees === undefined ? {} : { fees }),
      ...(processingTime === undefined ? {} : { processingTime }),
      ...(office === undefined ? {} : { office }),
      links: linksOf(description),
    },
  };
};
