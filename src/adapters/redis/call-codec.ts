import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Call } from '../../domain/call.js';
import { levelOne } from '../../domain/routing-steps.js';
import { EngineError } from '../../errors.js';

/**
 * How a call record is kept at `call:{id}`: `z1:{version}:` and then the record's JSON, deflated
 * against a preset dictionary of what every record repeats (field names, phases, id suffixes). A
 * waiting 115 call's 510 bytes of JSON are kept in 155, and an ended record kept for 30 days shrinks
 * the same way. The version stays readable in front, for the save script's compare-and-set.
 *
 * The dictionary of `z1` never changes: records written with it must stay readable. A better
 * dictionary is a new format (`z2`), read beside this one. Records written as plain JSON (before
 * this format) are still read.
 *
 * The records stream keeps plain JSON: reports and statistics read it.
 */
export const CALL_FORMAT = 'z1';

const DICTIONARY_Z1 = Buffer.from(
  [
    '{"id":"c-","version":,"entry":{"kind":"town","townId":null},"kind":"115","municipality":',
    '"callerChannel":"callerHash":"phase":"town-ringing","offering","connected","final-message",',
    '"callback-waiting","callback-dialing","ended","routingRequest":{"priority":0,"needs":null},',
    '"times":{"arrivedAt":17,"townRingStartedAt":17,"townRingEndedAt":17,"offeredAt":17,',
    '"answeredAt":17,"endedAt":17,"offer":{"agentId":"agent-","leg":"~agent~","attempt":1},',
    '"peer":{"kind":"agent","agentId":"agent-","leg":"~agent~1"},"bridge":"~bridge",',
    '"transfers":[{"department":"mode":"warm","blind","result":"connected","no-answer","cancelled"',
    '"completedAt":17,"callback":{"requestedAt":17,"limit":"max-waiting","citizenLeg":"~citizen~',
    '"offers":[{"agentId":"agent-","at":17,"result":"accepted"}],"outcome":"answered-by-agent",',
    '"endedBy":"caller","agent","agentId":"agent-"town-busy","town-unreachable","town-closed",',
    '"switchboard","town-ring-limit","abandoned","answered-by-town","queue-full","no-agent",',
    '"timerSeq":"offers":[],"townRing":{"legs":["~town~0","~town~1"],"failedLegs":[],"failReasons":[]},',
    '"playbackSeq":1,"playback":"~play~1","timer":{"name":"announce","offer","town-ring","dueAt":17,',
    '"token":":announce:","overflowReason":"direct-115","town-no-answer",',
    '"phase":"queued","times":{"arrivedAt":17,"queuedAt":17,"routing":{"priority":0,"needs":null}}',
  ].join(''),
);

const PREFIX = /^z1:(\d+):/;

/** The record as kept in Redis. */
export function encodeCall(call: Call): Buffer {
  const head = Buffer.from(`${CALL_FORMAT}:${call.version}:`);
  return Buffer.concat([head, deflateRawSync(JSON.stringify(call), { dictionary: DICTIONARY_Z1 })]);
}

/** The record back from what Redis keeps; throws STORE_UNREADABLE for anything else. */
export function decodeCall(stored: Buffer, key: string): Call {
  try {
    if (stored[0] === 0x7b /* { */) return withSteps(JSON.parse(stored.toString('utf8')) as Call);
    const head = PREFIX.exec(stored.subarray(0, 24).toString('latin1'));
    if (!head) throw new Error(`unknown format ${JSON.stringify(stored.subarray(0, 4).toString('latin1'))}`);
    return withSteps(JSON.parse(inflateRawSync(stored.subarray(head[0].length), { dictionary: DICTIONARY_Z1 }).toString('utf8')) as Call);
  } catch (err) {
    throw new EngineError('STORE_UNREADABLE', `the call record at ${key} cannot be read`, { key }, { cause: err });
  }
}

type LegacyNeeds = { readonly skills: readonly string[]; readonly widenAt?: number | null; readonly widenAfterMs?: number | null } | null;

/**
 * A record written before routing steps holds `needs` (skills, level 1 each, until `widenAt`)
 * instead of `steps`: read as the one step it amounts to.
 */
function withSteps(call: Call): Call {
  const legacy = call as { routing?: { steps?: unknown; needs?: LegacyNeeds }; routingRequest?: { steps?: unknown; needs?: LegacyNeeds } };
  if ((!legacy.routing || legacy.routing.steps) && (!legacy.routingRequest || legacy.routingRequest.steps)) return call;
  const { routing, routingRequest } = call as unknown as { routing?: { priority: number; needs?: LegacyNeeds }; routingRequest?: { priority: number; needs?: LegacyNeeds } };
  return {
    ...call,
    ...(routing ? { routing: { priority: routing.priority, steps: routing.needs ? [{ skills: levelOne(routing.needs.skills), until: routing.needs.widenAt ?? null }] : [] } } : {}),
    ...(routingRequest
      ? { routingRequest: { priority: routingRequest.priority, steps: routingRequest.needs ? [{ skills: levelOne(routingRequest.needs.skills), forMs: routingRequest.needs.widenAfterMs ?? null }] : [] } }
      : {}),
  };
}
