/**
 * The handover of a caller from one center's engine to a partner center's, as the StasisStart
 * arguments the receiving engine reads:
 *
 *   partner,<center>,<trigger>,<arrivedAt ms>,<overflow reason or ->,<entry 115|town>,<municipality id or ->,<municipality name, URI-encoded, or ->
 *
 * On one platform `channels.move` carries them. To another platform they travel as SIP headers
 * (`X-Overflow-Center`, …: HANDOVER_HEADERS), which the receiving Asterisk's dialplan puts back
 * together in the same order (dialplan/extensions.conf [entry-partner]). Every field is free of
 * commas (the name is URI-encoded), so ARI's comma-separated `appArgs` and the dialplan's
 * arguments keep them apart; anything else is refused as a whole.
 */
import type { EntryKind, OverflowReason, PartnerHandover } from '../domain/call.js';
import type { BorrowTrigger } from '../domain/partner-overflow.js';

export const HANDOVER_ARG = 'partner';
/** A caller whose forward to another platform failed comes back with `forward-failed,<call id>`. */
export const FORWARD_FAILED_ARG = 'forward-failed';

const TRIGGERS: Readonly<Record<BorrowTrigger, true>> = { waited: true, 'estimated-wait': true, closed: true, 'nobody-logged-in': true };
const REASONS: Readonly<Record<OverflowReason, true>> = {
  'direct-115': true,
  'town-no-answer': true,
  'town-busy': true,
  'town-unreachable': true,
  'town-unregistered': true,
  'town-closed': true,
  switchboard: true,
  'town-ring-limit': true,
  partner: true,
};
const ENTRIES: Readonly<Record<EntryKind, true>> = { '115': true, town: true };
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function handoverArgs(h: PartnerHandover): string[] {
  return [HANDOVER_ARG, ...handoverFields(h)];
}

/**
 * The SIP headers of a forward to another platform, in the order the receiving dialplan reads
 * them; each is set on the caller's channel as the inherited dialplan variable of the same name
 * (`OVERFLOW_CENTER`, …), and the forward's pre-dial handler adds it to the INVITE.
 */
export const HANDOVER_HEADERS = [
  ['X-Overflow-Center', 'OVERFLOW_CENTER'],
  ['X-Overflow-Trigger', 'OVERFLOW_TRIGGER'],
  ['X-Overflow-Arrived', 'OVERFLOW_ARRIVED'],
  ['X-Overflow-Reason', 'OVERFLOW_REASON'],
  ['X-Overflow-Entry', 'OVERFLOW_ENTRY'],
  ['X-Overflow-Municipality', 'OVERFLOW_MUNICIPALITY'],
  ['X-Overflow-Municipality-Name', 'OVERFLOW_MUNICIPALITY_NAME'],
] as const;

/** The dialplan variables a forward sets (see HANDOVER_HEADERS), by name. */
export function handoverVariables(h: PartnerHandover): Record<string, string> {
  const fields = handoverFields(h);
  return Object.fromEntries(HANDOVER_HEADERS.map(([, variable], i) => [variable, fields[i] ?? '-']));
}

function handoverFields(h: PartnerHandover): string[] {
  return [
    h.center,
    h.trigger,
    String(h.arrivedAt),
    h.overflowReason ?? '-',
    h.entry,
    h.municipality?.id ?? '-',
    h.municipality ? encodeURIComponent(h.municipality.name) : '-',
  ];
}

/** The handover in a caller's StasisStart arguments; a problem (in words) when they are not one. */
export function handoverOf(args: readonly string[]): { readonly handover: PartnerHandover } | { readonly problem: string } {
  const [kind, center, trigger, arrivedText, reason, entry, townId, townName] = args;
  if (kind !== HANDOVER_ARG || args.length !== 8) return { problem: `not a handover: ${JSON.stringify(args)}` };
  if (!center || !ID.test(center)) return { problem: `handover names no center: ${JSON.stringify(center)}` };
  if (!trigger || !Object.hasOwn(TRIGGERS, trigger)) return { problem: `handover has an unknown trigger: ${JSON.stringify(trigger)}` };
  const arrivedAt = Number(arrivedText);
  if (!/^\d{1,15}$/.test(arrivedText ?? '') || !Number.isSafeInteger(arrivedAt)) return { problem: `handover has no arrival time: ${JSON.stringify(arrivedText)}` };
  if (reason !== '-' && !(reason !== undefined && Object.hasOwn(REASONS, reason))) return { problem: `handover has an unknown overflow reason: ${JSON.stringify(reason)}` };
  if (!entry || !Object.hasOwn(ENTRIES, entry)) return { problem: `handover has an unknown entry: ${JSON.stringify(entry)}` };
  let municipality: PartnerHandover['municipality'] = null;
  if (townId !== '-') {
    if (!townId || !ID.test(townId) || !townName || townName === '-') return { problem: `handover has a broken municipality: ${JSON.stringify([townId, townName])}` };
    let name: string;
    try {
      name = decodeURIComponent(townName);
    } catch {
      return { problem: `handover has a broken municipality name: ${JSON.stringify(townName)}` };
    }
    municipality = { id: townId, name };
  }
  return {
    handover: {
      center,
      entry: entry as EntryKind,
      trigger: trigger as BorrowTrigger,
      arrivedAt,
      overflowReason: reason === '-' ? null : (reason as OverflowReason),
      municipality,
    },
  };
}
