/**
 * Per-town overflow policy at arrival: which calls ring the town hall, which go to the county at
 * once and why, and what a caller hears when the county is closed.
 */
import { describe, expect, it } from 'vitest';
import { arrive, type ArrivalContext } from '../../../src/domain/arrive.js';
import type { CallPolicy, TownPolicy } from '../../../src/domain/call.js';
import { endpointName } from '../../../src/domain/ids.js';
import { CALL, CALLER, QUICKBORN, T0, arrival, closedPolicy, ev, finish, ofType, play, policy, townLeg, types } from './helpers.js';

const QB1 = endpointName('quickborn-1');
const QB2 = endpointName('quickborn-2');
const quickborn = policy.towns['quickborn'] as TownPolicy;
const withQuickborn = (over: Partial<TownPolicy>, p: CallPolicy = policy): CallPolicy => ({ ...p, towns: { ...p.towns, quickborn: { ...quickborn, ...over } } });
const context = (over: Partial<ArrivalContext> = {}): ArrivalContext => ({ registeredPhones: [QB1, QB2], ringingAtTown: 0, skilledAgentStaffed: true, ...over });
const dialled = (commands: ReturnType<typeof arrive>['commands']) => ofType(commands, 'telephony.dial').map((c) => c.endpoint);

describe('a town call at arrival', () => {
  it('rings every registered town-hall phone, with ringback for the caller', () => {
    const { next, commands } = arrive(arrival(QUICKBORN), policy, context());
    expect(next.phase).toBe('town-ringing');
    expect(dialled(commands)).toEqual([QB1, QB2]);
    expect(commands[0]).toEqual({ type: 'telephony.indicate-ringing', channel: CALLER });
  });

  it('rings only the phones that are registered', () => {
    const { next, commands } = arrive(arrival(QUICKBORN), policy, context({ registeredPhones: [QB2] }));
    expect(dialled(commands)).toEqual([QB2]);
    expect(next.townRing?.legs).toEqual([townLeg(0)]);
  });

  it('with no town phone registered, rings nothing and goes to the county at once: town-unregistered', () => {
    const { next, commands } = arrive(arrival(QUICKBORN), policy, context({ registeredPhones: [] }));
    expect(next).toMatchObject({ phase: 'queued', overflowReason: 'town-unregistered' });
    expect(dialled(commands)).toEqual([]);
  });

  it('in switchboard mode, never rings the town: the county answers its main number directly', () => {
    const { next, commands } = arrive(arrival(QUICKBORN), withQuickborn({ mode: 'switchboard' }), context());
    expect(next).toMatchObject({ phase: 'queued', overflowReason: 'switchboard', municipality: QUICKBORN });
    expect(dialled(commands)).toEqual([]);
  });

  it('when the town office is closed by its own hours and the county is open: to the county queue, town-closed', () => {
    const { next, commands } = arrive(arrival(QUICKBORN), withQuickborn({ isOpen: () => false }), context());
    expect(next).toMatchObject({ phase: 'queued', overflowReason: 'town-closed' });
    expect(dialled(commands)).toEqual([]);
  });

  it('caps the calls ringing at the town: the third call with a cap of 2 goes to the county, town-ring-limit', () => {
    const capped = withQuickborn({ maxRinging: 2 });
    expect(arrive(arrival(QUICKBORN), capped, context({ ringingAtTown: 1 })).next.phase).toBe('town-ringing');
    expect(arrive(arrival(QUICKBORN), capped, context({ ringingAtTown: 2 })).next).toMatchObject({ phase: 'queued', overflowReason: 'town-ring-limit' });
  });

  it('rings every phone when the registration state is unknown', () => {
    expect(dialled(arrive(arrival(QUICKBORN), policy, context({ registeredPhones: null })).commands)).toEqual([QB1, QB2]);
  });
});

describe('the county closed', () => {
  it('a 115 caller hears the service hours, then the call ends, recorded closed', () => {
    const arrived = arrive(arrival('115'), closedPolicy);
    expect(arrived.next).toMatchObject({ phase: 'final-message', overflowReason: 'direct-115' });
    expect(types(arrived.commands)).toEqual(['telephony.answer', 'telephony.play', 'timer.start']);
    expect(ofType(arrived.commands, 'telephony.play')[0]?.sounds).toEqual(['overflow/closed']);
    expect(ofType(arrived.commands, 'queue.enqueue')).toEqual([]);
    const done = play(arrived, [finish]);
    expect(done.call).toMatchObject({ phase: 'ended', outcome: 'closed', endedBy: 'system' });
    expect(ofType(done.commands, 'telephony.hangup')).toContainEqual({ type: 'telephony.hangup', channel: CALLER });
  });

  it('a town call rings the town hall as configured, then, unanswered, hears the same message', () => {
    const arrived = arrive(arrival(QUICKBORN), closedPolicy, context());
    expect(arrived.next.phase).toBe('town-ringing');
    const script = play(arrived, [(c) => ev.timerFired(c.timer ?? { name: 'town-ring', token: '' }, T0 + 20_000)], closedPolicy);
    expect(script.call).toMatchObject({ phase: 'final-message', overflowReason: 'town-no-answer' });
    expect(ofType(script.commands, 'telephony.play').at(-1)?.sounds).toEqual(['overflow/closed']);
    expect(ofType(script.commands, 'queue.enqueue')).toEqual([]);
  });

  it('a town call answered by the town hall is connected as usual', () => {
    const script = play(arrive(arrival(QUICKBORN), closedPolicy, context()), [ev.townAnswered(townLeg(0), T0 + 3_000)], closedPolicy);
    expect(script.call).toMatchObject({ phase: 'connected', peer: { kind: 'town' } });
  });

  it('a town closed by its own hours while the county is closed too: straight to the message, nothing rings', () => {
    const { next, commands } = arrive(arrival(QUICKBORN), withQuickborn({ isOpen: () => false }, closedPolicy), context());
    expect(next).toMatchObject({ phase: 'final-message', overflowReason: 'town-closed' });
    expect(dialled(commands)).toEqual([]);
  });
});

describe('115 attribution', () => {
  it('carries the municipality the shell attributed to the call', () => {
    expect(arrive(arrival('115', T0, { municipality: QUICKBORN }), policy).next).toMatchObject({ entry: { kind: '115', townId: null }, municipality: QUICKBORN });
    expect(arrive(arrival('115'), policy).next.municipality).toBeNull();
    expect(arrive(arrival(QUICKBORN), policy).next.id).toBe(CALL);
  });
});

describe('a call that needs skills nobody logged in has', () => {
  it('hears that nobody can take it now, and the call ends as no-agent; the queue is never joined', () => {
    const arrived = arrive(arrival('115', T0, { routing: { priority: 0, steps: [{ skills: { dgs: 1, video: 1 }, forMs: null }] } }), policy, context({ skilledAgentStaffed: false }));
    expect(arrived.next).toMatchObject({ phase: 'final-message', finalOutcome: 'no-agent', overflowReason: 'direct-115' });
    expect(ofType(arrived.commands, 'telephony.play')[0]?.sounds).toEqual(['overflow/no-agent']);
    expect(ofType(arrived.commands, 'queue.enqueue')).toEqual([]);
    expect(play(arrived, [finish]).call).toMatchObject({ phase: 'ended', outcome: 'no-agent' });
  });

  it('outside the county hours hears the closed message instead', () => {
    const arrived = arrive(arrival('115'), closedPolicy, context({ skilledAgentStaffed: false }));
    expect(arrived.next.finalOutcome).toBe('closed');
  });
});
