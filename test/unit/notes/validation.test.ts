import { describe, expect, it } from 'vitest';
import { describeProblems, parseNewNote } from '../../../src/notes/index.js';

const towns = new Set(['quickborn', 'hasloh', 'kreis-pinneberg']);
const valid = { municipality: 'quickborn', name: 'Erika Mustermann', topic: 'Wohngeld', text: 'Fragt nach dem Stand ihres Antrags.' };

describe('a new callback note is validated', () => {
  it('accepts the required fields, trimmed; optional ones may be left out', () => {
    const r = parseNewNote({ ...valid, name: '  Erika Mustermann ' }, towns);
    expect(r).toEqual({ ok: true, value: valid });
  });

  it('keeps a caller number only with consent, normalized to digits and +', () => {
    const r = parseNewNote({ ...valid, callerNumber: '+49 4106 / 123-456', callerConsent: true, department: 'Bürgerbüro', callId: 'c-1' }, towns);
    expect(r).toEqual({ ok: true, value: { ...valid, callerNumber: '+494106123456', department: 'Bürgerbüro', callId: 'c-1' } });
    expect(r.ok && 'callerConsent' in r.value).toBe(false);
  });

  it('refuses a caller number without consent (or with consent false), without quoting it', () => {
    for (const body of [{ ...valid, callerNumber: '04106123456' }, { ...valid, callerNumber: '04106123456', callerConsent: false }]) {
      const r = parseNewNote(body, towns);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.problems).toEqual([{ path: 'callerNumber', message: expect.stringContaining('consent') as string }]);
      expect(JSON.stringify(r.problems)).not.toContain('04106123456');
    }
  });

  it('lists every problem at once, each with its field', () => {
    const r = parseNewNote(
      { municipality: 'elmshorn', name: '', topic: 42, callerNumber: 'call me', callerConsent: true, colour: 'blue', department: 'x'.repeat(101) },
      towns,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.problems.map((p) => [p.path, p.message]));
    expect(byPath).toEqual({
      '': 'unknown field "colour"',
      municipality: expect.stringContaining('must be one of "quickborn", "hasloh", "kreis-pinneberg"') as string,
      name: 'must not be empty',
      topic: 'must be a string, got number',
      text: 'is required',
      callerNumber: expect.stringContaining('must be a phone number') as string,
      department: 'must be at most 100 characters',
    });
    expect(describeProblems(r.problems)).toMatch(/^invalid note: 7 problems: municipality must be one of .*; text is required; unknown field "colour"$/);
  });

  it('refuses a body that is not an object', () => {
    for (const body of [undefined, null, 'text', [valid]]) {
      const r = parseNewNote(body, towns);
      expect(r.ok ? [] : r.problems).toEqual([{ path: '', message: "the request body must be a JSON object with the note's fields" }]);
    }
  });

  it('refuses numbers with too few or too many digits', () => {
    for (const callerNumber of ['12', '+1234567890123456789012']) {
      const r = parseNewNote({ ...valid, callerNumber, callerConsent: true }, towns);
      expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual(['must have 3 to 20 digits']);
    }
  });
});
