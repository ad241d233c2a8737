import type { Call, CallPolicy, TransferInProgress, TransferRecord } from './call.js';
import { enqueueCommand, workerLegId } from './call.js';
import type { Command } from './commands.js';
import { ignored, next, type Decision } from './decision.js';
import type { TransferEvent } from './events.js';
import { cancelTimer, end, startTimer } from './transitions.js';

/**
 * Transfer to a department's case worker, while the caller talks with an agent. The caller waits
 * with music, out of the bridge; the case worker's phones ring. Blind: the first to answer is
 * bridged with the caller and the agent goes to wrap-up. Warm: the case worker first joins the
 * agent; the agent completes (the caller joins, the agent leaves) or takes the caller back. Nobody
 * answers in time: the caller is back with the agent, who can leave a callback note instead.
 */
export function transferEvent(call: Call, e: TransferEvent, policy: CallPolicy): Decision {
  const t = call.transfer;
  const talking = call.phase === 'connected' && call.peer?.kind === 'agent' && call.bridge !== undefined;
  switch (e.type) {
    case 'transfer.requested': {
      if (!talking || !call.bridge) return ignored('only a call connected with an agent can be transferred');
      if (t) return ignored('a transfer is already in progress');
      if (e.phones.length === 0) return ignored('the department has no case worker phone');
      const base = (call.transfers?.length ?? 0) * 10;
      const legs = e.phones.map((_, i) => workerLegId(call.id, base + i + 1));
      const timed = startTimer(call, 'transfer-ring', e.at + policy.transferRingMs);
      const transfer: TransferInProgress = { department: e.department, townId: e.townId, mode: e.mode, legs, failedLegs: [], stage: 'ringing', at: e.at };
      return next({
        next: { ...timed.call, transfer },
        commands: [
          { type: 'telephony.bridge-remove', bridge: call.bridge, channel: call.callerChannel },
          { type: 'telephony.start-moh', channel: call.callerChannel },
          ...e.phones.map((endpoint, i) => ({ type: 'telephony.dial' as const, role: 'worker' as const, leg: legs[i]!, endpoint, callerChannel: call.callerChannel })),
          timed.command,
        ],
      });
    }
    case 'worker.answered': {
      if (!t || !t.legs.includes(e.leg)) return ignored('not a case worker of this transfer', [{ type: 'telephony.hangup', channel: e.leg }]);
      if (t.stage !== 'ringing') return ignored('a case worker already answered', e.leg === t.answeredLeg ? [] : [{ type: 'telephony.hangup', channel: e.leg }]);
      const cancelled = cancelTimer(call);
      const others: Command[] = t.legs.filter((l) => l !== e.leg && !t.failedLegs.includes(l)).map((channel) => ({ type: 'telephony.hangup', channel }));
      const answered: Call = { ...cancelled.call, transfer: { ...t, stage: 'consulting', answeredLeg: e.leg } };
      if (t.mode === 'blind' || t.agentGone) return next(complete(answered, e.at, [...cancelled.commands, ...others]));
      return next({ next: answered, commands: [...cancelled.commands, ...others, { type: 'telephony.bridge-add', bridge: call.bridge!, channel: e.leg }] });
    }
    case 'worker.failed': {
      if (!t || !t.legs.includes(e.leg) || t.failedLegs.includes(e.leg)) return ignored('not a ringing case worker of this transfer');
      if (t.stage === 'consulting') {
        // The case worker hung up while talking with the agent: the agent has the caller back.
        return e.leg === t.answeredLeg ? next(giveBack(call, e.at, 'cancelled', policy)) : ignored('another case worker phone');
      }
      const failedLegs = [...t.failedLegs, e.leg];
      if (failedLegs.length < t.legs.length) return next({ next: { ...call, transfer: { ...t, failedLegs } }, commands: [] });
      return next(giveBack({ ...call, transfer: { ...t, failedLegs } }, e.at, 'no-answer', policy));
    }
    case 'transfer.completed':
      if (!t || t.stage !== 'consulting' || t.mode !== 'warm') return ignored('no case worker on the line to hand the caller to');
      return next(complete(call, e.at, []));
    case 'transfer.cancelled':
      if (!t) return ignored('no transfer in progress');
      return next(giveBack(call, e.at, 'cancelled', policy));
  }
}

/** The timer ran out: nobody at the department answered. */
export function transferTimedOut(call: Call, at: number, policy: CallPolicy): Decision {
  if (!call.transfer || call.transfer.stage !== 'ringing') return ignored('stale transfer timer');
  return next(giveBack(call, at, 'no-answer', policy));
}

/** The agent hung up during the transfer: it goes on without them (blind). */
export function agentLeftTransfer(call: Call, at: number): Decision {
  const t = call.transfer;
  const peer = call.peer;
  if (!t || peer?.kind !== 'agent') return ignored('no transfer');
  if (t.agentGone) return ignored('the agent already left the transfer');
  if (t.stage === 'consulting') return next(complete(call, at, []));
  return next({
    next: { ...call, transfer: { ...t, mode: 'blind', agentGone: true } },
    commands: [{ type: 'agent.release', agent: peer.agentId, call: call.id, at }, { type: 'dispatch.request' }],
  });
}

/** The caller joins the case worker; the agent leaves for wrap-up with the outcome `transferred`. */
function complete(call: Call, at: number, before: readonly Command[]): { next: Call; commands: Command[] } {
  const t = call.transfer!;
  const peer = call.peer;
  const leg = t.answeredLeg!;
  const commands: Command[] = [...before];
  if (peer?.kind === 'agent' && !t.agentGone) {
    commands.push({ type: 'telephony.hangup', channel: peer.leg });
    commands.push({ type: 'disposition.file', call: call.id, agent: peer.agentId, outcome: 'transferred', department: t.department, at });
    commands.push({ type: 'agent.release', agent: peer.agentId, call: call.id, at });
    commands.push({ type: 'dispatch.request' });
  }
  if (t.mode === 'blind' || t.agentGone) commands.push({ type: 'telephony.bridge-add', bridge: call.bridge!, channel: leg });
  commands.push({ type: 'telephony.stop-moh', channel: call.callerChannel });
  commands.push({ type: 'telephony.bridge-add', bridge: call.bridge!, channel: call.callerChannel });
  const { transfer: _t, ...rest } = call;
  return {
    next: {
      ...rest,
      peer: { kind: 'case-worker', leg, department: t.department, townId: t.townId },
      transfers: [...(call.transfers ?? []), { ...record(t, 'connected'), completedAt: at }],
    },
    commands,
  };
}

/** Back to the agent (or, if the agent already left, to the head of the queue). */
function giveBack(call: Call, at: number, result: TransferRecord['result'], policy: CallPolicy): { next: Call; commands: Command[] } {
  const t = call.transfer!;
  const cancelled = cancelTimer(call);
  const hangups: Command[] = t.legs.filter((l) => !t.failedLegs.includes(l)).map((channel) => ({ type: 'telephony.hangup', channel }));
  const { transfer: _t, ...rest } = cancelled.call;
  const transfers = [...(call.transfers ?? []), record(t, result)];
  if (t.agentGone) {
    // Nobody to return to: the caller waits for the next agent, at the head of the queue.
    const { peer: _p, bridge: _b, ...waiting } = rest;
    const timed = startTimer({ ...waiting, phase: 'queued', transfers }, 'announce', at + policy.announceEveryMs);
    const back: Call = timed.call;
    return {
      next: back,
      commands: [
        ...cancelled.commands,
        ...hangups,
        ...(call.bridge ? [{ type: 'telephony.destroy-bridge' as const, bridge: call.bridge }] : []),
        enqueueCommand(back, true),
        timed.command,
        { type: 'dispatch.request' },
      ],
    };
  }
  return {
    next: { ...rest, transfers },
    commands: [
      ...cancelled.commands,
      ...hangups,
      { type: 'telephony.stop-moh', channel: call.callerChannel },
      { type: 'telephony.bridge-add', bridge: call.bridge!, channel: call.callerChannel },
    ],
  };
}

const record = (t: TransferInProgress, result: TransferRecord['result']): TransferRecord => ({ department: t.department, townId: t.townId, mode: t.mode, at: t.at, result });

/** Ending a call during a transfer also hangs up the case workers' phones. */
export function transferHangups(call: Call): Command[] {
  const t = call.transfer;
  if (!t) return [];
  return t.legs.filter((l) => !t.failedLegs.includes(l)).map((channel) => ({ type: 'telephony.hangup', channel }));
}

/** `end` with the transfer's legs hung up too. */
export const endDuringTransfer = (call: Call, at: number, outcome: Parameters<typeof end>[2], endedBy: Parameters<typeof end>[3]) =>
  end(call.transfer ? { ...call, transfers: [...(call.transfers ?? []), record(call.transfer, 'cancelled')] } : call, at, outcome, endedBy, transferHangups(call));
