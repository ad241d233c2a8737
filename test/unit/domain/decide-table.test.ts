/**
 * decide() as a table: every phase × every event type, with the late and duplicate variants that
 * ARI really delivers. Each row names the call it starts from, the event, what becomes of the call
 * (next phase, or ignored) and the exact sequence of commands, plus the key commands in full.
 */
import { describe, expect, it } from 'vitest';
import type { Call } from '../../../src/domain/call.js';
import { decide } from '../../../src/domain/decide.js';
import type { CallEventType } from '../../../src/domain/events.js';
import { rowsAfterAnswer } from './decide-rows-after-answer.js';
import { rowsAnnouncements } from './decide-rows-announcements.js';
import { rowsCallback, rowsStray } from './decide-rows-callback.js';
import { rowsTransfer, rowsTransferStray } from './decide-rows-transfer.js';
import { rowsBeforeAnswer } from './decide-rows-before-answer.js';
import { rowsPartner } from './decide-rows-partner.js';
import type { PhaseLabel, Row } from './decide-table.js';
import { policy, types } from './helpers.js';

const rows: readonly Row[] = [...rowsBeforeAnswer, ...rowsAfterAnswer, ...rowsAnnouncements, ...rowsCallback, ...rowsStray, ...rowsTransfer, ...rowsTransferStray, ...rowsPartner];

const phaseOf: Record<PhaseLabel, (call: Call) => boolean> = {
  'town-ringing': (c) => c.phase === 'town-ringing',
  queued: (c) => c.phase === 'queued',
  offering: (c) => c.phase === 'offering',
  'connected (agent)': (c) => c.phase === 'connected' && c.peer?.kind === 'agent',
  'connected (town)': (c) => c.phase === 'connected' && c.peer?.kind === 'town',
  'final-message': (c) => c.phase === 'final-message',
  'callback-waiting': (c) => c.phase === 'callback-waiting',
  'callback-dialing': (c) => c.phase === 'callback-dialing',
  ended: (c) => c.phase === 'ended',
};

// A Record keyed by the union: adding an event type without adding it here fails to compile.
const EVENT_TYPES = Object.keys({
  'caller.hung-up': true,
  'caller.gone': true,
  'town.answered': true,
  'town.leg-failed': true,
  'timer.fired': true,
  'offer.assigned': true,
  'offer.accepted': true,
  'offer.failed': true,
  'peer.hung-up': true,
  'announcement.finished': true,
  'queue.limit': true,
  dtmf: true,
  'citizen.answered': true,
  'citizen.failed': true,
  'skills.unavailable': true,
  'transfer.requested': true,
  'transfer.completed': true,
  'transfer.cancelled': true,
  'worker.answered': true,
  'worker.failed': true,
  'partner.take': true,
} satisfies Record<CallEventType, true>) as CallEventType[];

describe('decide: every phase × every event', () => {
  it.each(rows)('$phase + $event', (row) => {
    const call = row.given();
    expect(phaseOf[row.phase](call), `fixture for ${row.phase} is in phase ${call.phase}`).toBe(true);
    const event = row.when(call);
    const decision = decide(call, event, row.policy ?? policy);

    if (row.then === 'ignored') {
      expect(decision.kind).toBe('ignored');
      if (decision.kind === 'ignored') expect(decision.reason).not.toBe('');
    } else {
      expect(decision.kind).toBe('next');
      if (decision.kind === 'next') {
        expect(decision.next.phase).toBe(row.then.phase);
        if (row.then.call) expect(decision.next).toMatchObject(row.then.call);
        expect(decision.next.id).toBe(call.id);
      }
    }
    expect(types(decision.commands)).toEqual(row.commands);
    for (const command of row.including ?? []) expect(decision.commands).toContainEqual(command);
  });

  it('the table has a row for every phase and event type', () => {
    const missing: string[] = [];
    for (const phase of Object.keys(phaseOf) as PhaseLabel[]) {
      for (const type of EVENT_TYPES) {
        if (!rows.some((r) => r.phase === phase && r.when(r.given()).type === type)) missing.push(`${phase} × ${type}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('never changes the call it was given', () => {
    for (const row of rows) {
      const call = row.given();
      const snapshot = structuredClone(call);
      decide(call, row.when(call), policy);
      expect(call, `${row.phase} + ${row.event}`).toEqual(snapshot);
    }
  });
});

