import { COUNTY_SECTION } from './article.js';
import type { FieldProblem } from './article-problem.js';
import { todayOf, type KnowledgeContext, type KnowledgeTown } from './knowledge-context.js';

/**
 * The rules of an article that need the deployment or relate several fields. They read the raw
 * data defensively, so they still report when other fields of the same file are broken.
 */

/** YYYY-MM-DD of a day that exists. */
export const isCalendarDate = (s: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

const stringAt = (o: Record<string, unknown>, key: string): string | undefined => {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
};

/** `articles/reisepass.yaml` → `reisepass`. */
export const idOfFileName = (fileName: string): string => (fileName.split('/').pop() ?? fileName).replace(/\.[^.]*$/, '');

const knownSections = (towns: readonly KnowledgeTown[]): string =>
  `${towns.map((t) => t.id).join(', ')} und ${COUNTY_SECTION} (der Kreis selbst)`;

export const checkArticleRules = (raw: unknown, context: KnowledgeContext, fileName?: string): FieldProblem[] => {
  if (!isRecord(raw)) return [];
  return [...idRule(raw, fileName), ...checkedOnRule(raw, context), ...kindRules(raw, context), ...sectionRules(raw, context)];
};

const idRule = (raw: Record<string, unknown>, fileName: string | undefined): FieldProblem[] => {
  const id = stringAt(raw, 'id');
  if (fileName === undefined || id === undefined) return [];
  const expected = idOfFileName(fileName);
  if (id === expected) return [];
  return [{ path: ['id'], message: `die Kennung „${id}“ muss wie die Datei heißen („${expected}“): Datei umbenennen oder Kennung anpassen` }];
};

const checkedOnRule = (raw: Record<string, unknown>, context: KnowledgeContext): FieldProblem[] => {
  const checked = raw['checked'];
  const on = isRecord(checked) ? stringAt(checked, 'on') : undefined;
  // A malformed date is the schema's to report; only a real one can lie in the future.
  if (on === undefined || !isCalendarDate(on)) return [];
  const today = todayOf(context);
  if (on <= today) return [];
  return [{ path: ['checked', 'on'], message: `das Prüfdatum ${on} liegt in der Zukunft (heute ist ${today}): eingetragen wird der Tag, an dem der Inhalt geprüft wurde` }];
};

const kindRules = (raw: Record<string, unknown>, context: KnowledgeContext): FieldProblem[] => {
  const kind = stringAt(raw, 'kind');
  const problems: FieldProblem[] = [];
  const towns = context.towns.map((t) => t.id).join(', ');
  if (kind === 'town-facts') {
    if (!('municipality' in raw)) {
      problems.push({ path: ['municipality'], message: `fehlt: ein Ortsartikel (kind: town-facts) nennt die Gemeinde, die er beschreibt (${towns})` });
    } else {
      const municipality = stringAt(raw, 'municipality');
      if (municipality !== undefined && !context.towns.some((t) => t.id === municipality)) {
        problems.push({ path: ['municipality'], message: `unbekannte Gemeinde „${municipality}“; möglich: ${towns}` });
      }
    }
  } else if ((kind === 'service' || kind === 'topic') && 'municipality' in raw) {
    problems.push({
      path: ['municipality'],
      message: 'nur Ortsartikel (kind: town-facts) haben das Feld municipality; was für eine Gemeinde gilt, gehört in ihren Abschnitt unter sections',
    });
  }
  if ((kind === 'topic' || kind === 'town-facts') && 'leika' in raw) {
    problems.push({ path: ['leika'], message: `nur Leistungen (kind: service) haben einen LeiKa-Schlüssel, dieser Artikel ist kind: ${kind}` });
  }
  return problems;
};

const sectionRules = (raw: Record<string, unknown>, context: KnowledgeContext): FieldProblem[] => {
  const sections = raw['sections'];
  if (!isRecord(sections)) return [];
  return Object.entries(sections).flatMap(([key, section]): FieldProblem[] => {
    const at = ['sections', key];
    if (key === COUNTY_SECTION) return countySectionRules(section, at);
    const town = context.towns.find((t) => t.id === key);
    if (town === undefined) {
      return [{ path: at, message: `unbekannte Gemeinde „${key}“; Abschnitte gibt es für ${knownSections(context.towns)}` }];
    }
    const department = isRecord(section) ? stringAt(section, 'department') : undefined;
    if (department === undefined || town.departments.includes(department)) return [];
    const known = town.departments.length === 0 ? 'keine' : town.departments.join(', ');
    return [{ path: [...at, 'department'], message: `Fachbereich „${department}“ gibt es in ${town.name ?? town.id} nicht; vorhanden: ${known}` }];
  });
};

const countySectionRules = (section: unknown, at: readonly string[]): FieldProblem[] => {
  if (!isRecord(section)) return [];
  const problems: FieldProblem[] = [];
  if ('department' in section) {
    problems.push({
      path: [...at, 'department'],
      message: 'der Kreis hat in der Konfiguration keine Fachbereiche zum Weiterverbinden: department nur in den Abschnitten der Gemeinden angeben',
    });
  }
  if ('handledByCounty' in section) {
    problems.push({
      path: [...at, 'handledByCounty'],
      message: 'handledByCounty gehört in die Abschnitte der Gemeinden, deren Anliegen der Kreis erledigt',
    });
  }
  return problems;
};
