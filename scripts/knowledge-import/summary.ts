import type { CatalogueFetch, FetchProgress } from '../../src/knowledge/catalogue/pvog-client.js';
import type { CatalogueReport } from '../../src/knowledge/catalogue/merge.js';

/** Descriptions are counted in steps of this many, so a long import shows it is alive without a line per request. */
const DESCRIPTION_STEP = 25;

/** A progress line for the operator, or nothing for this step. */
export const progressLine = (p: FetchProgress): string | undefined => {
  if (p.step === 'page') return `Leistungsliste: Seite ${p.page}${p.pages === undefined ? '' : `/${p.pages}`} wird abgerufen …`;
  if (p.done === 1 || p.done === p.total || p.done % DESCRIPTION_STEP === 0) return `Leistungsbeschreibungen: ${p.done}/${p.total} …`;
  return undefined;
};

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

const fetchedLines = (f: CatalogueFetch): string[] => {
  const lines = [`Katalog: ${plural(f.listed, 'Beschreibung', 'Beschreibungen')} gelesen, ${plural(f.services.length, 'Leistung', 'Leistungen')} mit LeiKa-Schlüssel übernommen.`];
  if (f.notAsked > 0) lines.push(`  ${f.notAsked} ohne einen der angefragten LeiKa-Schlüssel`);
  for (const s of f.superseded) lines.push(`  übergangen: ${s.id} (LeiKa ${s.leika}): ${s.keptId} ist für eine engere Region geschrieben`);
  for (const s of f.skipped) lines.push(`  übergangen: ${s.id}${s.title === '' ? '' : ` „${s.title}“`}: ${s.reason}`);
  return lines;
};

const reportLines = (r: CatalogueReport): string[] => {
  const lines: string[] = [];
  lines.push('', `Neue Entwürfe: ${r.created.length}`);
  for (const c of r.created) {
    lines.push(`  + articles/${c.id}.yaml  LeiKa ${c.leika}  „${c.title}“`);
    if (c.resembles !== undefined) {
      lines.push(`      Es gibt schon articles/${c.resembles}.yaml ohne LeiKa-Schlüssel: dieselbe Leistung? Dann dort leika: "${c.leika}" eintragen und den Entwurf löschen.`);
    }
  }
  lines.push('', `Im Katalog geändert: ${r.changedUpstream.length}${r.changedUpstream.length > 0 ? ' (bitte prüfen, ob Antwort und Angaben angepasst werden müssen)' : ''}`);
  for (const c of r.changedUpstream) {
    lines.push(`  ~ articles/${c.id}.yaml  LeiKa ${c.leika}  „${c.title}“${c.before === '' ? '  (bisher ohne Katalogtext)' : ''}`);
    for (const d of c.diff) lines.push(`      ${d}`);
  }
  lines.push('', `Katalogtext unverändert (Quelle aufgefrischt): ${r.updatedSource.length}`, `Nicht betroffen: ${plural(r.untouched.length, 'Artikel', 'Artikel')}`);
  return lines;
};

/** What the operator reads after a successful run. */
export const summaryLines = (fetched: CatalogueFetch, report: CatalogueReport, files: readonly string[], written: boolean, dir: string): string[] => [
  ...fetchedLines(fetched),
  ...reportLines(report),
  '',
  written
    ? `Geschrieben: ${plural(files.length, 'Datei', 'Dateien')} in ${dir}${files.length > 0 ? ':' : '.'}`
    : `Probelauf (--dry-run): nichts geschrieben; ${plural(files.length, 'Datei würde', 'Dateien würden')} geschrieben${files.length > 0 ? ':' : '.'}`,
  ...files.map((f) => `  ${f}`),
  '',
  'Entwürfe (status: draft) sehen Agenten erst, wenn die Redaktion die Antwort neu formuliert und sie veröffentlicht hat.',
  'In die laufende Engine kommen die Dateien über die Redaktionsseite (Import) oder POST /api/knowledge/import.',
];
