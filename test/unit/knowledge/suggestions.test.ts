import { describe, expect, it } from 'vitest';
import { askedMonths, topicChange } from '../../../src/knowledge/asked-topics.js';
import { generalServices, suggestArticles, townFactsOf } from '../../../src/knowledge/suggestions.js';
import { article } from './sample-articles.js';

const buergerbuero = (town: string) => ({ office: `Bürgerbüro ${town}`, department: 'buergerbuero' });

/** A town with its facts (front office: the Bürgerbüro), services of several offices, and what agents must not be offered. */
const ARTICLES = [
  article({
    id: 'quickborn',
    kind: 'town-facts',
    municipality: 'quickborn',
    title: 'Stadt Quickborn',
    answer: 'Rathaus Quickborn.',
    sections: { quickborn: { hours: 'Mo–Fr 8–12 Uhr', department: 'buergerbuero' } },
  }),
  article({ id: 'wohnsitz', title: 'Wohnsitz anmelden', answer: 'a', synonyms: ['Ummelden', 'Umzug', 'Anmeldung'], sections: { quickborn: buergerbuero('Quickborn') } }),
  article({ id: 'reisepass', title: 'Reisepass beantragen', answer: 'a', synonyms: ['Pass'], sections: { quickborn: buergerbuero('Quickborn') } }),
  article({ id: 'ausweis', title: 'Ausweis beantragen', answer: 'a', synonyms: ['Perso'], sections: { quickborn: buergerbuero('Quickborn'), hasloh: buergerbuero('Hasloh') } }),
  article({ id: 'gewerbe', title: 'Gewerbe anmelden', answer: 'a', synonyms: ['a', 'b', 'c', 'd'], sections: { quickborn: { department: 'ordnungsamt' }, kreis: { office: 'Kreis' } } }),
  article({ id: 'kindergeld', title: 'Kindergeld', answer: 'a' }),
  article({ id: 'sperrmuell', kind: 'topic', title: 'Sperrmüll', answer: 'a', sections: { quickborn: { handledByCounty: true } } }),
  article({ id: 'entwurf', status: 'draft', title: 'Entwurf', answer: 'a', synonyms: ['a', 'b', 'c', 'd', 'e'], sections: { quickborn: buergerbuero('Quickborn') } }),
  article({ id: 'alt', status: 'retired', title: 'Alt', answer: 'a', sections: { quickborn: buergerbuero('Quickborn') } }),
];

const ids = (list: readonly { id: string }[]): string[] => list.map((a) => a.id);

describe('counting call topics', () => {
  it('raises the topics a filing adds and lowers the ones it takes off; an unchanged re-filing counts nothing', () => {
    expect(topicChange([], ['reisepass', 'ausweis'])).toEqual([
      { id: 'reisepass', by: 1 },
      { id: 'ausweis', by: 1 },
    ]);
    expect(topicChange(['reisepass', 'ausweis'], ['ausweis', 'wohnsitz'])).toEqual([
      { id: 'wohnsitz', by: 1 },
      { id: 'reisepass', by: -1 },
    ]);
    expect(topicChange(['reisepass'], ['reisepass'])).toEqual([]);
    expect(topicChange(['reisepass'], [])).toEqual([{ id: 'reisepass', by: -1 }]);
  });

  it('adds up this month and the one before, across the turn of the year', () => {
    expect(askedMonths('2026-12-05')).toEqual(['2026-12', '2026-11']);
    expect(askedMonths('2027-01-01')).toEqual(['2027-01', '2026-12']);
    expect(askedMonths('2026-10-31')).toEqual(['2026-10', '2026-09']);
  });
});

describe('suggestions for a municipality', () => {
  it('nothing asked yet: the services of the town’s front office, the most synonyms first, with the town’s section', () => {
    const suggested = suggestArticles(ARTICLES, new Map(), 'quickborn');
    expect(ids(suggested)).toEqual(['wohnsitz', 'ausweis', 'reisepass']);
    expect(suggested.every((s) => s.asked === 0 && s.localSection === 'quickborn')).toBe(true);
  });

  it('the most asked first (ties by title), filled up with general services, none twice, at most the limit', () => {
    const asked = new Map([
      ['sperrmuell', 3],
      ['kindergeld', 1],
      ['reisepass', 3],
      ['gewerbe', 0],
    ]);
    const suggested = suggestArticles(ARTICLES, asked, 'quickborn');
    expect(suggested.map((s) => [s.id, s.asked])).toEqual([
      ['reisepass', 3],
      ['sperrmuell', 3],
      ['kindergeld', 1],
      ['wohnsitz', 0],
      ['ausweis', 0],
    ]);
    expect(suggested.find((s) => s.id === 'kindergeld')?.localSection).toBeUndefined();
    expect(ids(suggestArticles(ARTICLES, asked, 'quickborn', 2))).toEqual(['reisepass', 'sperrmuell']);
  });

  it('never suggests drafts, retired articles or town facts, however often they were filed', () => {
    const asked = new Map([
      ['entwurf', 9],
      ['alt', 9],
      ['quickborn', 9],
    ]);
    expect(ids(suggestArticles(ARTICLES, asked, 'quickborn'))).toEqual(['wohnsitz', 'ausweis', 'reisepass']);
  });

  it('a town without town facts: every service with a section for it', () => {
    expect(ids(generalServices(ARTICLES, 'hasloh'))).toEqual(['ausweis']);
    const noFacts = ARTICLES.filter((a) => a.kind !== 'town-facts');
    expect(ids(generalServices(noFacts, 'quickborn'))).toEqual(['gewerbe', 'wohnsitz', 'ausweis', 'reisepass']);
  });

  it('the county: services with a county section and the federal ones without any local section', () => {
    expect(ids(generalServices(ARTICLES, 'kreis'))).toEqual(['gewerbe', 'kindergeld']);
    expect(townFactsOf(ARTICLES, 'kreis')).toBeUndefined();
    expect(townFactsOf(ARTICLES, 'quickborn')?.id).toBe('quickborn');
  });
});
