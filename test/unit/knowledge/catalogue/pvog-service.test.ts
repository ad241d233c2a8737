import { describe, expect, it } from 'vitest';
import { htmlToItems, htmlToLines } from '../../../../src/knowledge/catalogue/html-text.js';
import { onePerLeika } from '../../../../src/knowledge/catalogue/one-per-leika.js';
import { readDescription } from '../../../../src/knowledge/catalogue/pvog-service.js';
import type { CatalogueService } from '../../../../src/knowledge/catalogue/catalogue-service.js';
import { descriptionOf, ID, LEIKA } from './fixture.js';

const read = (id: string): CatalogueService => {
  const reading = readDescription(descriptionOf(id));
  if (!reading.ok) throw new Error(`${id}: ${reading.reason}`);
  return reading.service;
};

describe('htmlToLines', () => {
  it('one line per paragraph and list item, entities decoded, tags and spare spaces gone', () => {
    expect(htmlToLines('<p>Erste&nbsp;Zeile &amp; mehr</p><p>Zweite <b>fett</b><br>Umbruch</p><ul><li>eins</li><li> zwei </li></ul>')).toEqual([
      'Erste Zeile & mehr',
      'Zweite fett',
      'Umbruch',
      '- eins',
      '- zwei',
    ]);
    expect(htmlToLines('&bdquo;Zitat&ldquo; &#8364; &#x20AC; &unbekannt;')).toEqual(['„Zitat“ € € &unbekannt;']);
    expect(htmlToLines('<script>alert(1)</script>Text')).toEqual(['Text']);
  });

  it('list items without their dash; a fragment without a list gives its paragraphs', () => {
    expect(htmlToItems('<p>Bitte mitbringen:</p><ul><li>Ausweis</li><li>Foto</li></ul>')).toEqual(['Ausweis', 'Foto']);
    expect(htmlToItems('<p>Ausweis</p><p>Foto</p>')).toEqual(['Ausweis', 'Foto']);
  });
});

describe('readDescription (the search service answer → catalogue service)', () => {
  it('title, LeiKa key, regions and the first paragraph of the full text', () => {
    const s = read(ID.reisepassLand);
    expect(s).toMatchObject({ id: ID.reisepassLand, leika: LEIKA.reisepass, title: 'Reisepass beantragen', regions: ['010000000000'] });
    expect(s.summary).toMatch(/^Wer in Länder außerhalb der Europäischen Union reist, braucht meist einen Reisepass\./);
    expect(s.summary).not.toContain('Expresspass');
  });

  it('documents from the list, fees with their entries, processing time, the responsible office only', () => {
    const s = read(ID.reisepassLand);
    expect(s.documents).toEqual([
      'Personalausweis oder bisheriger Reisepass',
      'ein aktuelles biometrisches Lichtbild, digital übermittelt oder in der Behörde aufgenommen',
      'Geburts- oder Eheurkunde, wenn Ihr Name sich geändert hat',
    ]);
    expect(s.fees).toBe('Die Gebühr richtet sich nach dem Alter; ab 24 Jahren: 70,00 Euro; unter 24 Jahren: 37,50 Euro; Expresszuschlag: 32,00 Euro');
    expect(s.processingTime).toBe('drei bis vier Wochen, als Expresspass wenige Werktage');
    expect(s.office).toBe('Passbehörde der amtsfreien Stadt, Gemeinde oder des Amtes');
    expect(read(ID.gewerbe).office).toBe('Gewerbeamt der amtsfreien Stadt, Gemeinde oder des Amtes');
  });

  it('links: the source portal and online services, https only (the internal http deep link is left out)', () => {
    expect(read(ID.reisepassLand).links).toEqual([{ title: 'Zuständigkeitsfinder Schleswig-Holstein', url: 'https://zufish.schleswig-holstein.de/leistung/99085001012000' }]);
    expect(read(ID.gewerbe).links.map((l) => l.url)).toEqual([
      'https://zufish.schleswig-holstein.de/leistung/99050012104000',
      'https://serviceportal.schleswig-holstein.de/gewerbeanmeldung',
    ]);
  });

  it('the full text: our headings in a fixed order, placeholder modules and unread modules left out', () => {
    const text = read(ID.reisepassLand).text;
    const headings = text.split('\n\n').map((part) => part.split('\n')[0]);
    expect(headings).toEqual(['Kurzbeschreibung', 'Beschreibung', 'Voraussetzungen', 'Erforderliche Unterlagen', 'Verfahrensablauf', 'Kosten', 'Bearbeitungsdauer', 'Rechtsgrundlagen']);
    expect(text).toContain('- Sie sind Deutsche oder Deutscher.');
    expect(text).toContain('§ 6 Passgesetz (PassG): https://www.gesetze-im-internet.de/pa_g_1986/__6.html');
    expect(text).not.toContain('nicht angegeben');
    expect(text).not.toContain('Ministerium'); // module 93, the release note
  });

  it('a description without a LeiKa key or without a name is skipped, with the reason', () => {
    expect(readDescription(descriptionOf(ID.ohneLeika))).toEqual({ ok: false, id: ID.ohneLeika, title: 'Bürgersprechstunde des Landrats', reason: 'ohne LeiKa-Schlüssel' });
    expect(readDescription({ ...descriptionOf(ID.gewerbe), name: '  ' })).toMatchObject({ ok: false, reason: 'ohne Bezeichnung' });
  });

  it('of several LeiKa keys the one asked for, else the first valid one', () => {
    const twoKeys = { ...descriptionOf(ID.gewerbe), leikakeys: ['kein-schluessel', '99050012104000', '99050012104001'] };
    expect(readDescription(twoKeys)).toMatchObject({ ok: true, service: { leika: '99050012104000' } });
    expect(readDescription(twoKeys, new Set(['99050012104001']))).toMatchObject({ ok: true, service: { leika: '99050012104001' } });
  });
});

describe('onePerLeika', () => {
  it('keeps the description for the narrowest region, whatever the order', () => {
    const bund = read(ID.reisepassBund);
    const land = read(ID.reisepassLand);
    const gewerbe = read(ID.gewerbe);
    for (const order of [[bund, gewerbe, land], [land, gewerbe, bund]]) {
      const { services, superseded } = onePerLeika(order);
      expect(services.map((s) => s.id).sort()).toEqual([ID.gewerbe, ID.reisepassLand].sort());
      expect(superseded).toEqual([{ id: ID.reisepassBund, leika: LEIKA.reisepass, keptId: ID.reisepassLand }]);
    }
  });

  it('between descriptions for equally narrow regions, the smaller id', () => {
    const a = { ...read(ID.gewerbe), id: 'L1.LB.9' };
    const b = { ...read(ID.gewerbe), id: 'L1.LB.10' };
    expect(onePerLeika([a, b]).services.map((s) => s.id)).toEqual(['L1.LB.10']);
  });
});
