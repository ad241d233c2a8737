/**
 * The screen pop's words for a call (no DOM here, so they are tested without a page): the number
 * dialled, the municipality, why the call came here, and for a caller a partner center handed
 * over, which center and town the caller belongs to and why they were handed over.
 */
import { REASON, TRIGGER, wordFor } from './texts.js';
import type { DeskCall, DeskPartner } from './wire.js';

export interface PopText {
  /** "Gewählt": 115, 115 with its service, or the town's number. */
  readonly entry: string;
  /** "Gemeinde". */
  readonly town: string;
  /** Beside the wait: what it counts. */
  readonly waitedHint: string;
  /** "Weg zum Service-Center". */
  readonly reason: string;
  /** Only for a handed-over caller: the line above the details, and the handover's reason. */
  readonly partner: { readonly banner: string; readonly why: string } | null;
}

/**
 * "vom", "von der" or "von" before a center's name: "Übernommen vom Service-Center Kreis
 * Pinneberg", "… von der Stadt Ludwigshafen", "… von Ludwigshafen". The name is the deployment's
 * (`serviceCenter.partners[].name`), usually the partner's "Service-Center …".
 */
export function fromCenter(name: string): string {
  if (/^(service-?center|landkreis|kreis|bezirksamt|bürgeramt|bürgerservice|amt|rathaus)(?![\p{L}])/iu.test(name)) return `vom ${name}`;
  if (/^(stadt|gemeinde|kreisverwaltung|stadtverwaltung|verwaltung|region)(?![\p{L}])/iu.test(name)) return `von der ${name}`;
  return `von ${name}`;
}

/** What the caller dialled at the partner: its 115 number, or a town hall's number. */
const dialledThere = (from: DeskPartner): string => `${from.entry === '115' ? '115' : 'Gemeinde-Rufnummer'} (${from.centerName})`;

export function popText(call: DeskCall): PopText {
  const from = call.fromPartner ?? null;
  if (from) {
    return {
      entry: call.callback ? `${dialledThere(from)}, Rückruf` : dialledThere(from),
      town: from.municipality?.name ?? `keiner Gemeinde zugeordnet (${from.centerName})`,
      waitedHint: '(insgesamt, mit der Wartezeit dort)',
      reason: from.overflowReason ? wordFor(REASON, from.overflowReason) : '–',
      partner: { banner: `Übernommen ${fromCenter(from.centerName)}`, why: wordFor(TRIGGER, from.trigger) },
    };
  }
  let entry = call.entry === '115' ? (call.service ? `115 (${call.service})` : '115') : 'Gemeinde-Rufnummer';
  if (call.callback) entry += ', Rückruf';
  return {
    entry,
    town: call.municipalityName || 'keiner Gemeinde zugeordnet (Kreis)',
    waitedHint: '(Rathaus + Warteschlange)',
    reason: call.overflowReason ? wordFor(REASON, call.overflowReason) : '–',
    partner: null,
  };
}

/**
 * The knowledge base here is keyed by this center's towns: for a handed-over caller's town it has
 * no town facts and no local details. Said plainly in the screen pop; the search still answers
 * with what holds everywhere.
 */
export function noLocalKnowledgeText(from: DeskPartner): string {
  const place = from.municipality?.name ?? from.centerName;
  return `${place}: kein Ortswissen hier. Die Wissensdatenbank kennt nur die Gemeinden unseres Service-Centers; die Suche zeigt die allgemeinen Angaben.`;
}

/**
 * Whose knowledge the desk shows for a handed-over caller whose center's knowledge base this engine
 * can read: "Wissen des Service-Centers Kreis Pinneberg" (the partner's `name` here).
 */
export function partnerKnowledgeLabel(centerName: string): string {
  const rest = /^service-?center\s+(.+)$/iu.exec(centerName)?.[1];
  return rest === undefined ? `Wissen von ${centerName}` : `Wissen des Service-Centers ${rest}`;
}

/** The screen pop's line above the partner's town facts and suggestions. */
export function partnerKnowledgeText(from: DeskPartner): string {
  const label = partnerKnowledgeLabel(from.centerName);
  return from.municipality === null ? `${label}: was dort gilt.` : `${label}: was dort für ${from.municipality.name} gilt.`;
}
