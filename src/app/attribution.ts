import type { TownId } from '../domain/ids.js';

/**
 * A caller number in the national form the prefixes are written in: "+49 4106 …" and "0049…"
 * become "04106…"; separators go. Anything else (no number, international) stays as it is.
 */
export function nationalNumber(raw: string): string {
  const digits = raw.replace(/[\s\-/().]/g, '');
  if (digits.startsWith('+49')) return `0${digits.slice(3)}`;
  if (digits.startsWith('0049')) return `0${digits.slice(4)}`;
  return digits;
}

/**
 * Attributes a 115 call to the town whose dialling prefix the caller's number starts with, the
 * longest prefix winning ("041066" for Hasloh before "04106" for Quickborn); null: the county itself.
 * The number is used here and nowhere else: only the town comes out.
 */
export function prefixAttribution(towns: readonly { readonly id: TownId; readonly areaCodes: readonly string[] }[]): (callerNumber: string) => TownId | null {
  const table = towns
    .flatMap((t) => t.areaCodes.map((code) => ({ code, town: t.id })))
    .sort((a, b) => b.code.length - a.code.length);
  return (callerNumber) => {
    const number = nationalNumber(callerNumber);
    return table.find((row) => number.startsWith(row.code))?.town ?? null;
  };
}
