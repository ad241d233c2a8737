import type { Logger } from 'pino';
import type { Call } from '../domain/call.js';
import type { Command } from '../domain/commands.js';
import type { CallEvent } from '../domain/events.js';
import type { AgentId, CallId, ChannelId } from '../domain/ids.js';
import { isEngineError } from '../errors.js';
import type { CallTimers } from './call-timers.js';
import type { Dispatcher } from './dispatcher.js';
import type { Disposition } from './dispositions.js';
import type { AgentStore, CallbackNumbers, Clock, LiveQueue, ResumablePlaces, Telephony } from './ports.js';
import { logFailure } from './failure-log.js';
import { soundsFor } from '../domain/video-clips.js';
import type { VideoWaitingLoop } from './video-waiting.js';
import { handoverArgs, handoverVariables } from './partner-handover.js';

export interface ExecutorDeps {
  readonly telephony: Telephony;
  readonly queue: LiveQueue;
  readonly agents: AgentStore;
  readonly timers: CallTimers;
  readonly callbackNumbers: CallbackNumbers;
  /** Where callers who hung up while waiting stood; absent: nobody keeps their place. */
  readonly resumablePlaces?: ResumablePlaces;
  /** Files an outcome the engine decides itself (a completed transfer). */
  readonly fileDisposition?: (d: Disposition) => Promise<void>;
  /** Frees an agent from a call: wrap-up after talking, or available at once (AgentService). */
  readonly releaseAgent?: (agent: AgentId, call: CallId, at: number) => Promise<void>;
  /** A caller whose move to a partner center failed: taken in again as a new call, keeping its place. */
  readonly handoverFailed?: (call: Call, channel: ChannelId) => Promise<void>;
  /** Told after an agent was paused: calls only that agent could serve may have nobody left. */
  readonly onAgentPaused?: () => void;
  /** More calls than this waiting: a new caller runs into the queue-full fallback. null: no limit. */
  readonly maxWaitingCalls: number | null;
  /** The sounds that tell a waiting caller their position and estimated wait, right now. */
  /** Position and estimated wait, then the callback offer when the estimate is at least `offerCallbackAtEstimateMs`. */
  readonly queueStatusSounds: (call: CallId, offerCallbackAtEstimateMs?: number) => Promise<readonly string[]>;
  readonly dispatcher: Dispatcher;
  /** The waiting picture a video caller sees instead of music on hold. */
  readonly waiting: VideoWaitingLoop;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * Carries out the state machine's commands, in order. A channel that is already gone is normal
 * (its hangup event is on the way); a leg that cannot be dialled is reported back as a failure.
 */
export class CommandExecutor {
  private report: (id: CallId, event: CallEvent) => void = () => undefined;

  constructor(private readonly deps: ExecutorDeps) {}

  /** Where failures found while executing go back to (the call service); set once at composition. */
  onFeedback(report: (id: CallId, event: CallEvent) => void): void {
    this.report = report;
  }

  async execute(call: Call, commands: readonly Command[]): Promise<void> {
    /** The caller queued by these commands found no agent free: a dispatch run now would pair nobody. */
    let nobodyFree = false;
    for (const [i, command] of commands.entries()) {
      // releaseAgent asks for a dispatch run itself when it frees the agent (and none is needed when
      // it does not), so a request right after a release would only add an empty run; so would one
      // after queueing a caller while nobody is free (the next agent freed starts a run). A request
      // after anything else stays.
      if (command.type === 'dispatch.request' && ((this.deps.releaseAgent && commands[i - 1]?.type === 'agent.release') || nobodyFree)) continue;
      this.deps.log.trace({ callId: call.id, command: command.type }, 'executing');
      try {
        if (command.type === 'queue.enqueue') {
          nobodyFree = !(await this.enqueue(call, command));
          continue;
        }
        await this.one(call, command);
      } catch (err) {
        if (isEngineError(err, 'ARI_CHANNEL_GONE') || isEngineError(err, 'ARI_BRIDGE_GONE')) {
          // The channel hung up while we acted on it; its ChannelDestroyed event drives the call on.
          this.deps.log.debug({ callId: call.id, command: command.type }, 'channel already gone');
          continue;
        }
        logFailure(this.deps.log, err, { callId: call.id, command: command.type }, 'command failed');
      }
    }
  }

  /**
   * An announcement that cannot be played (nothing to say, a sound Asterisk lacks) is reported as
   * finished at once, so music on hold resumes and a closed message still ends the call.
   */
  private async play(call: Call, channel: Call['callerChannel'], playback: string, spoken: readonly string[]): Promise<void> {
    const d = this.deps;
    // A video caller sees each announcement's clip with it (the clip's sound is the same announcement).
    const sounds = soundsFor(call.video === true, spoken);
    if (sounds.length > 0) {
      try {
        await d.telephony.play(channel, playback, sounds);
        return;
      } catch (err) {
        if (isEngineError(err, 'ARI_CHANNEL_GONE')) throw err;
        d.log.warn({ callId: call.id, sounds, err: (err as Error).message }, 'announcement could not be played');
      }
    }
    this.report(call.id, { type: 'announcement.finished', at: d.clock.now(), playback });
  }

  /** Rings the citizen back at the kept number; no number, or a refused dial, is an unanswered callback. */
  private async dialCallback(call: Call, leg: Call['callerChannel']): Promise<void> {
    const d = this.deps;
    const number = await d.callbackNumbers.get(call.id);
    try {
      if (number === null || number === '') throw new Error('no number kept for this callback');
      await d.telephony.dialNumber(leg, number, call.video === true);
    } catch (err) {
      d.log.warn({ callId: call.id, err: (err as Error).message }, 'callback dial failed');
      await d.telephony.hangup(leg).catch((e: unknown) => d.log.debug({ callId: call.id, leg, err: e }, 'failed leg already gone'));
      this.report(call.id, { type: 'citizen.failed', at: d.clock.now(), leg, reason: 'unreachable' });
    }
  }

  /** Queues the call; resolves to whether an agent may be free to take it. */
  private async enqueue(call: Call, c: Extract<Command, { type: 'queue.enqueue' }>): Promise<boolean> {
    const d = this.deps;
    // Its Asterisk server is out of reach (several servers): an agent could not be connected to it.
    // It waits outside the queue; the reconcile when that server is back puts it in again.
    if (c.call === call.id && d.telephony.outOfReach?.(call.callerChannel)) {
      d.log.info({ callId: c.call }, 'call kept out of the queue while its asterisk is out of reach');
      return false;
    }
    const mayBeFree = await d.queue.enqueue(c.call, c.arrivedAt, c.atHead, c.routing);
    // A caller joining (not one put back at the head) finds out whether the queue is full.
    if (!c.atHead && d.maxWaitingCalls !== null) {
      const position = await d.queue.position(c.call);
      if (position !== null && position > d.maxWaitingCalls) this.report(c.call, { type: 'queue.limit', at: d.clock.now(), limit: 'max-waiting' });
    }
    return mayBeFree;
  }

  private async one(call: Call, c: Command): Promise<void> {
    const d = this.deps;
    switch (c.type) {
      case 'telephony.indicate-ringing':
        return d.telephony.indicateRinging(c.channel);
      case 'telephony.answer':
        return d.telephony.answer(c.channel);
      case 'telephony.start-moh':
        // Music on hold has no video: a video caller sees the waiting picture instead.
        return call.video ? d.waiting.start(call.id, c.channel) : d.telephony.startMusicOnHold(c.channel);
      case 'telephony.stop-moh':
        return call.video ? d.waiting.stop(c.channel) : d.telephony.stopMusicOnHold(c.channel);
      case 'telephony.dial':
        try {
          await d.telephony.dial(c.leg, c.endpoint, c.callerChannel, call.video === true);
        } catch (err) {
          // Not registered, no such endpoint, Asterisk refused: the leg failed before it rang.
          d.log.warn({ callId: call.id, endpoint: c.endpoint, code: isEngineError(err) ? err.code : undefined, err: (err as Error).message }, 'dial failed');
          // A leg that was created but not dialled would sit in the app: it goes.
          await d.telephony.hangup(c.leg).catch((e: unknown) => d.log.debug({ callId: call.id, leg: c.leg, err: e }, 'failed leg already gone'));
          const at = d.clock.now();
          // Asterisk out of reach is not the phone's fault: the agent is freed, not paused.
          const reason = isEngineError(err, 'ARI_UNAVAILABLE') ? 'failed' : 'unreachable';
          this.report(
            call.id,
            c.role === 'town'
              ? { type: 'town.leg-failed', at, leg: c.leg, reason }
              : c.role === 'worker'
                ? { type: 'worker.failed', at, leg: c.leg, reason }
                : { type: 'offer.failed', at, leg: c.leg, reason },
          );
        }
        return;
      case 'telephony.hangup':
        return d.telephony.hangup(c.channel);
      case 'telephony.hand-over':
        try {
          if (c.to.kind === 'app') await d.telephony.moveToApp(c.channel, c.to.app, handoverArgs(c.handover));
          else await d.telephony.forward(c.channel, c.to.dial, handoverVariables(c.handover), call.id);
        } catch (err) {
          // The partner's application is gone (its engine stopped a moment ago), or Asterisk refused:
          // the caller is still here, in this application, and must not be dropped. Taken in again,
          // keeping the place.
          d.log.warn({ callId: call.id, to: c.to, code: isEngineError(err) ? err.code : undefined, err: (err as Error).message }, 'handover to the partner failed: the caller is taken in again');
          await d.handoverFailed?.(call, c.channel);
        }
        return;
      case 'telephony.play':
        return this.play(call, c.channel, c.playback, c.sounds);
      case 'telephony.announce-queue-status':
        return this.play(call, c.channel, c.playback, await d.queueStatusSounds(c.call, c.offerCallbackAtEstimateMs));
      case 'telephony.stop-playback':
        return d.telephony.stopPlayback(c.playback);
      case 'telephony.bridge':
        return d.telephony.bridge(c.bridge, c.channels);
      case 'telephony.destroy-bridge':
        return d.telephony.destroyBridge(c.bridge);
      case 'telephony.bridge-add':
        return d.telephony.addToBridge(c.bridge, c.channel);
      case 'telephony.bridge-remove':
        return d.telephony.removeFromBridge(c.bridge, c.channel);
      case 'disposition.file':
        return d.fileDisposition?.({ callId: c.call, agentId: c.agent, outcome: c.outcome, department: c.department, at: c.at });
      case 'queue.enqueue':
        await this.enqueue(call, c);
        return;
      case 'telephony.dial-callback':
        return this.dialCallback(call, c.leg);
      case 'callback.keep-number': {
        const number = await d.telephony.callerNumberOf(c.channel);
        await d.callbackNumbers.keep(c.call, number);
        return;
      }
      case 'resume.remember':
        // Losing this only loses a courtesy: the caller who calls again queues anew.
        return d.resumablePlaces?.remember(c.callerHash, { call: c.call, arrivedAt: c.arrivedAt }, c.forMs).catch((err: unknown) => d.log.warn({ err, callId: c.call }, 'place in the queue not kept'));
      case 'callback.forget-number':
        return d.callbackNumbers.forget(c.call);
      case 'queue.remove':
        return d.queue.remove(c.call);
      case 'agent.connected':
        await d.agents.connected(c.agent, c.call, c.at);
        return;
      case 'agent.release':
        if (d.releaseAgent) await d.releaseAgent(c.agent, c.call, c.at);
        else await d.agents.release(c.agent, c.call, c.at);
        return;
      case 'agent.pause':
        await d.agents.pause(c.agent, c.call, c.reason, c.at);
        d.log.info({ agentId: c.agent, callId: call.id, reason: c.reason }, 'agent paused');
        d.onAgentPaused?.();
        return;
      case 'timer.start':
        if (call.timer?.token === c.token) d.timers.arm(call.id, call.timer);
        return;
      case 'timer.cancel':
        d.timers.cancel(c.token);
        return;
      case 'dispatch.request':
        d.dispatcher.request();
        return;
    }
  }
}
