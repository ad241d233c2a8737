import { describe, expect, it } from 'vitest';
import { factLines, germanDate, sectionOrder } from '../../../src/web/client/desk/article-sections.js';
import type { KbArticle } from '../../../src/web/client/desk/knowledge-wire.js';

const article = (sections: KbArticle['sections']): KbArticle => ({
  id: 'reisepass',
  kind: 'service',
  title: 'Reisepass beantragen',
  answer: 'Im Bürgerbüro.',
  documents: [],
  links: [],
  checked: { on: '2026-12-04', by: 'Redaktion' },
  sections,
});

const townFacts = { office: 'Rathaus Quickborn', address: 'Rathausplatz 1', hours: 'Mo 8–12 Uhr', phone: '04106 611-0', department: 'buergerbuero' };

describe('an article’s sections in the desk', () => {
  it('the call’s municipality first, the others collapsed; empty sections are left out', () => {
    const a = article({ hasloh: { office: 'Bürgerbüro Hasloh' }, quickborn: { office: 'Bürgerbüro Quickborn' }, boenningstedt: {}, kreis: { office: 'Kreis' } });
    expect(sectionOrder(a, 'quickborn')).toEqual({ local: 'quickborn', county: false, others: ['hasloh', 'kreis'] });
    expect(sectionOrder(a, 'boenningstedt')).toEqual({ local: null, county: false, others: ['hasloh', 'quickborn', 'kreis'] });
    expect(sectionOrder(a, 'kreis')).toEqual({ local: 'kreis', county: false, others: ['hasloh', 'quickborn'] });
  });

  it('the county’s section open beside the town’s when the county handles it for the town, or the call is about no town', () => {
    const a = article({ quickborn: { handledByCounty: true }, hasloh: { office: 'x' }, kreis: { office: 'Kfz-Zulassungsstelle' } });
    expect(sectionOrder(a, 'quickborn')).toEqual({ local: 'quickborn', county: true, others: ['hasloh'] });
    expect(sectionOrder(a, null)).toEqual({ local: null, county: true, others: ['quickborn', 'hasloh'] });
  });

  it('a caller a partner center handed over: no section is theirs, not even the county’s; all shown collapsed', () => {
    const a = article({ quickborn: { handledByCounty: true }, hasloh: { office: 'x' }, kreis: { office: 'Kfz-Zulassungsstelle' } });
    expect(sectionOrder(a, null, true)).toEqual({ local: null, county: false, others: ['quickborn', 'hasloh', 'kreis'] });
  });

  it('the town facts fill in address, hours and phone of the same office, marked as such; another office gets none', () => {
    expect(factLines({ office: 'Bürgerbüro im Rathaus Quickborn', department: 'buergerbuero' }, townFacts)).toEqual([
      { label: 'Stelle', value: 'Bürgerbüro im Rathaus Quickborn' },
      { label: 'Adresse', value: 'Rathausplatz 1', fromTownFacts: true },
      { label: 'Öffnungszeiten', value: 'Mo 8–12 Uhr', fromTownFacts: true },
      { label: 'Telefon', value: '04106 611-0', fromTownFacts: true },
    ]);
    expect(factLines({ office: 'Ordnungsamt', hours: 'Di 9–12 Uhr', department: 'ordnungsamt', fee: '26 Euro', handledByCounty: true }, townFacts)).toEqual([
      { label: 'Stelle', value: 'Ordnungsamt' },
      { label: 'Öffnungszeiten', value: 'Di 9–12 Uhr' },
      { label: 'Gebühr hier', value: '26 Euro' },
      { label: 'Zuständig', value: 'der Kreis, für die Gemeinde' },
    ]);
    expect(factLines({ hours: 'Do 14–18 Uhr', department: 'buergerbuero' }, townFacts).find((l) => l.label === 'Öffnungszeiten')).toEqual({ label: 'Öffnungszeiten', value: 'Do 14–18 Uhr' });
  });

  it('writes the check date the German way', () => {
    expect(germanDate('2026-12-04')).toBe('04.12.2026');
  });
});
