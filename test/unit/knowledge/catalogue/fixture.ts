import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CatalogueRecording } from '../../../../src/knowledge/catalogue/recorded-catalogue.js';
import type { PvogDescription } from '../../../../src/knowledge/catalogue/pvog-schema.js';

/** The recorded answers for Kreis Pinneberg (test/fixtures/pvog/kreis-pinneberg.json). */
export const FIXTURE_FILE = fileURLToPath(new URL('../../../fixtures/pvog/kreis-pinneberg.json', import.meta.url));
export const KREIS_PINNEBERG_ARS = '010560000000';

/** A fresh copy each time: tests change it. */
export const fixture = (): CatalogueRecording => JSON.parse(readFileSync(FIXTURE_FILE, 'utf8')) as CatalogueRecording;

export const descriptionOf = (id: string): PvogDescription => {
  const d = fixture().descriptions[id];
  if (d === undefined) throw new Error(`no description ${id} in the fixture`);
  return d as PvogDescription;
};

/** The LeiKa keys and ids of the fixture, by service. */
export const LEIKA = { reisepass: '99085001012000', gewerbe: '99050012104000', hundesteuer: '99102013104000', wohngeld: '99107023037000', schwerbehindertenausweis: '99015007012000' } as const;
export const ID = { reisepassBund: 'B100019.LB.1001', reisepassLand: 'L100012.LB.2007', gewerbe: 'L100012.LB.2002', hundesteuer: 'L100012.LB.2003', wohngeld: 'L100012.LB.2004', schwerbehindertenausweis: 'L100012.LB.2005', ohneLeika: 'L100012.LB.2008' } as const;

/** The fixture with one description's `details[code].text` replaced: the catalogue changed upstream. */
export const withChangedText = (id: string, code: string, text: string): CatalogueRecording => {
  const recording = fixture();
  const description = recording.descriptions[id] as PvogDescription;
  const module = (description.details ?? []).find((m) => m.code === code);
  if (module === undefined) throw new Error(`no module ${code} in ${id}`);
  module.text = text;
  return recording;
};
