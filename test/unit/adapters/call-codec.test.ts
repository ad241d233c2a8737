import { describe, expect, it } from 'vitest';
import { decodeCall, encodeCall } from '../../../src/adapters/redis/call-codec.js';
import type { Call } from '../../../src/domain/call.js';

/** A 115 caller waiting in the queue, as the engine keeps it. */
const WAITING = {
  id: 'c-mwvlx66j-0123456789',
  version: 1,
  entry: { kind: '115', townId: null },
  municipality: 'quickborn',
  callerChannel: '1732500000.1234',
  callerHash: '9de0ad70b9cfe0384aef230170bf2282',
  phase: 'queued',
  times: { arrivedAt: 1736150400000, queuedAt: 1736150400000 },
  timerSeq: 1,
  offers: [],
  playbackSeq: 1,
  playback: 'c-mwvlx66j-0123456789~play~1',
  timer: { name: 'announce', dueAt: 1736150445000, token: 'c-mwvlx66j-0123456789:announce:1' },
  overflowReason: 'direct-115',
  routing: { priority: 0, steps: [] },
} as unknown as Call;

/** WAITING as format z1 wrote it: must stay readable by every later version. */
const WAITING_Z1 =
  'ejE6MTqNlNkKwjAQRX9IZZasn9O0Cbij4ALiv0tjl6mWkrwmZC53DufVm/L4uB+exuzWgMRKG+u8lCf+23NMK+T548vLbVvvw/l66mwm3YmWSUN7Nu3I4UVnU99EqBoLwdcpAjtVxUQMaCEkIkflxbBBDSpPmnYkLt6SNVxNaFtAZLa3Im4GRr4hlM7pelxm/x0ZysJbpqho+x8=';

describe('call records as kept in Redis (z1: version in front, deflated JSON)', () => {
  it('gives back exactly the record it was given, in under a third of its JSON', () => {
    const ended = { ...WAITING, version: 7, phase: 'ended', outcome: 'answered-by-agent', offers: [{ agentId: 'agent-1', at: 1736150401000, result: 'accepted' }] } as unknown as Call;
    for (const call of [WAITING, ended]) {
      const kept = encodeCall(call);
      expect(kept.subarray(0, 5).toString()).toBe(`z1:${call.version}:`);
      expect(decodeCall(kept, 'k')).toEqual(call);
      expect(kept.length).toBeLessThan(JSON.stringify(call).length / 3);
    }
  });

  it('reads a record written by z1 with its dictionary, so stored calls survive an upgrade', () => {
    expect(decodeCall(Buffer.from(WAITING_Z1, 'base64'), 'k')).toEqual(WAITING);
  });

  it('reads a record stored as plain JSON, as earlier versions wrote it', () => {
    expect(decodeCall(Buffer.from(JSON.stringify(WAITING)), 'k')).toEqual(WAITING);
  });

  it('reads the skill needs of a record written before routing steps as the one step they amount to (level 1 each)', () => {
    const legacy = {
      ...WAITING,
      routing: { priority: 2, needs: { skills: ['dgs', 'video'], widenAt: 1736150430000 } },
      routingRequest: { priority: 2, needs: { skills: ['dgs', 'video'], widenAfterMs: 30_000 } },
    } as unknown as Call;
    const read = decodeCall(encodeCall(legacy), 'k');
    expect(read.routing).toEqual({ priority: 2, steps: [{ skills: { dgs: 1, video: 1 }, until: 1736150430000 }] });
    expect(read.routingRequest).toEqual({ priority: 2, steps: [{ skills: { dgs: 1, video: 1 }, forMs: 30_000 }] });
  });

  it('refuses what it cannot read with STORE_UNREADABLE and the key, never a half-read record', () => {
    for (const bad of ['z2:1:abc', 'z1:1:not deflated', 'z1:x:', '', '{"id":']) {
      let thrown: unknown;
      try {
        decodeCall(Buffer.from(bad), 'ovr:call:c-1');
      } catch (err) {
        thrown = err;
      }
      expect(thrown, bad).toMatchObject({ code: 'STORE_UNREADABLE', details: { key: 'ovr:call:c-1' } });
    }
  });
});
