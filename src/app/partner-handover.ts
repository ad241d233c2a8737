/**
 * The handover of a caller from one center's engine to a partner center's on the same platform, as
 * the StasisStart arguments the receiving engine reads (`channels.move` carries them):
 *
 *   partner,<center>,<trigger>,<arrivedAt ms>,<overflow reason or ->,<municipality id or ->,<municipality name, URI-encoded, or ->
 *
 * Every field is free of commas (the name is URI-encoded), so ARI's comma-separated `appArgs`
 * keeps them apart.
 */
import type { OverflowReason, PartnerHandover } from '../domain/call.js';
import type { BorrowTrigger } from '../domain/partner-overflow.js';

export const HANDOVER_ARG = 'partner';

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
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function handoverArgs(h: PartnerHandover): string[] {
  return [
    HANDOVER_ARG,
    h.center,
    h.trigger,
    String(h.arrivedAt),
    h.overflowReason ?? '-',
    h.municipality?.id ?? '-',
    h.municipality ? encodeURIComponent(h.municipality.name) : '-',
  ];
}

/** The handover in a caller's StasisStart arguments; a problem (in words) when they are not one. */
export function handoverOf(args: readonly string[]): { readonly handover: PartnerHandover } | { readonly problem: string } {
  const [kind, center, trigger, arrivedText, reason, townId, townName] = args;
  if (kind !== HANDOVER_ARG || args.length !== 7) return { problem: `not a handover: ${JSON.stringify(args)}` };
  if (!center || !ID.test(center)) return { problem: `handover names no center: ${JSON.stringify(center)}` };
  if (!trigger || !Object.hasOwn(TRIGGERS, trigger)) return { problem: `handover has an unknown trigger: ${JSON.stringify(trigger)}` };
  const arrivedAt = Number(arrivedText);
  if (!/^\d{1,15}$/.test(arrivedText ?? '') || !Number.isSafeInteger(arrivedAt)) return { problem: `handover has no arrival time: ${JSON.stringify(arrivedText)}` };
  if (reason !== '-' && !(reason !== undefined && Object.hasOwn(REASONS, reason))) return { problem: `handover has an unknown overflow reason: ${JSON.stringify(reason)}` };
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
      trigger: trigger as BorrowTrigger,
      arrivedAt,
      overflowReason: reason === '-' ? null : (reason as OverflowReason),
      municipality,
    },
  };
}
