import { describe, expect, it } from 'vitest';
import { knownParts, splitCompound } from '../../../src/knowledge/compound-splitter.js';

const knowing = (...words: string[]) => (part: string) => words.includes(part);

describe('German compounds against the known words', () => {
  it('splits into known parts, longest head first', () => {
    expect(splitCompound('hundesteueranmeldung', knowing('hund', 'hunde', 'steuer', 'hundesteuer', 'anmeldung'))).toEqual(['hundesteuer', 'anmeldung']);
    expect(splitCompound('personalausweisantrag', knowing('personal', 'ausweis', 'personalausweis', 'antrag'))).toEqual(['personalausweis', 'antrag']);
  });

  it('drops linking elements (Fugen-s, -es-, -n-, -er-)', () => {
    expect(splitCompound('wohnungsamt', knowing('wohnung', 'amt'))).toEqual(['wohnung', 'amt']);
    expect(splitCompound('bundesland', knowing('bund', 'land'))).toEqual(['bund', 'land']);
    expect(splitCompound('strassenreinigung', knowing('strasse', 'reinigung'))).toEqual(['strasse', 'reinigung']);
    expect(splitCompound('kindergeld', knowing('kind', 'geld'))).toEqual(['kind', 'geld']);
  });

  it('tries a shorter head when the longest one leaves a rest that does not split', () => {
    // "gewerbes" is known as a stem with its linking -s-, but "teuer" is not: Gewerbe|steuer.
    expect(splitCompound('gewerbesteuer', knowing('gewerbes', 'gewerbe', 'steuer'))).toEqual(['gewerbe', 'steuer']);
  });

  it('splits nothing when a part is unknown, too short, or the word is known as a whole', () => {
    expect(splitCompound('personalausweisantrag', knowing('personalausweis'))).toBeNull();
    expect(splitCompound('kfzsteuer', knowing('kf', 'zsteuer', 'steuer'))).toBeNull();
    expect(splitCompound('reisepass', knowing('reisepass'))).toBeNull();
  });

  it('peels known heads off a word that does not split, and keeps the rest', () => {
    const known = knowing('personalausweis', 'verlust', 'meld', 'gewerbeanmeld');
    expect(knownParts('personalausweisverlustmeldung', known)).toEqual({ parts: ['personalausweis', 'verlust', 'meld'], rest: 'ung' });
    expect(knownParts('personalausweisantr', known)).toEqual({ parts: ['personalausweis'], rest: 'antr' });
    expect(knownParts('gewerbeanmeldnug', known)).toEqual({ parts: ['gewerbeanmeld'], rest: 'nug' });
    expect(knownParts('zulassung', known)).toEqual({ parts: [], rest: 'zulassung' });
  });
});
