/**
 * The 115 network: every two seconds this center posts where it stands on the platform's board
 * (for its partners), and offers its waiting callers to its partners whose conditions hold
 * (src/domain/partner-overflow.ts): the first waiting callers whose trigger fires go to a partner
 * with a free agent, as many as it has free agents, its own callers first and its service level
 * within target. A caller goes over by moving to the partner's ARI application (decide's
 * `partner.take`); the partner's engine queues them keeping their arrival time. When no partner
 * here can take a caller, the center on another platform (`forward`) may: one a round, forwarded
 * through the dialplan with the handover in SIP headers. Details: docs/partner-centers.md.
 */
import type { Logger } from 'pino';
import { queueArrivalOf, type Call, type ClosedTaker, type PartnerHandover } from '../domain/call.js';
import type { CallEvent } from '../domain/events.js';
import type { CallId } from '../domain/ids.js';
import { mayBorrow, type BorrowTrigger, type HomeCenter, type PartnerLoad, type PartnerRule, type WaitingCaller } from '../domain/partner-overflow.js';
import type { ForwardRule } from '../config/index.js';
import type { CenterBoard, CenterState } from './center-board.js';
import { logFailure } from './failure-log.js';
import type { AgentStore, CallStore, Clock, LiveQueue } from './ports.js';
import type { RecentServiceLevel } from './recent-service-level.js';
import type { AgentState } from '../domain/agent.js';

/**
 * How often the board is posted and the waiting callers are looked at. Every two seconds: each round
 * reads the agents, the queue and the partners' posts, a fixed cost per second however few calls
 * come; the triggers it serves are measured in tens of seconds.
 */
export const EXCHANGE_EVERY_MS = 2_000;
/** A post older than this (or gone: it expires then) means the partner's engine is not running: nobody to hand to. Three rounds. */
export const POST_TTL_MS = 6_000;
/** Only the first waiting callers are looked at in one round. */
const LOOK_AT = 50;
/** A center on another platform: its load is unknown, so only the forward's triggers decide. */
const UNKNOWN_LOAD: PartnerLoad = { open: true, freeAgents: 1, ownWaiting: 0, window: { calls: 0, withinTarget: 0 }, targetShare: 0 };

export interface PartnerExchangeDeps {
  readonly center: string;
  /** The center's name (`serviceCenter.name`), posted for the platform overview. */
  readonly name: string;
  readonly app: string;
  /** The engine's `REDIS_PREFIX`, posted for partners that read this center's knowledge base. */
  readonly prefix?: string;
  readonly partners: readonly PartnerRule[];
  /** A center on another platform for callers no partner here can take (null: none). */
  readonly forward: ForwardRule | null;
  readonly board: CenterBoard;
  readonly queue: LiveQueue;
  readonly store: CallStore;
  readonly agents: AgentStore;
  readonly clock: Clock;
  readonly centerOpen: (at: number) => boolean;
  readonly serviceLevel: RecentServiceLevel;
  readonly targetShare: number;
  /** The estimated wait at a queue position (QueueStatus.estimate). */
  readonly estimate: (position: number, agents: readonly AgentState[]) => number | null;
  /** A municipality's name for the partner's desk. */
  readonly townName: (id: string) => string | undefined;
  readonly handle: (call: CallId, event: CallEvent) => Promise<unknown>;
  readonly log: Logger;
}

type Partner = { readonly rule: PartnerRule; readonly state: CenterState; load: PartnerLoad };

export class PartnerExchange {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  /** The partners as the last round read them (for callers arriving while this center is closed). */
  private latest: Partner[] = [];

  constructor(private readonly d: PartnerExchangeDeps) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.round()).catch((err: unknown) => logFailure(this.d.log, err, {}, 'partner exchange round failed'));
    }, EXCHANGE_EVERY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One round: post, then offer waiting callers to partners. */
  async round(): Promise<void> {
    const now = this.d.clock.now();
    const agents = await this.d.agents.all();
    const waiting = await this.d.queue.waiting();
    const open = this.d.centerOpen(now);
    const loggedIn = agents.filter((a) => a.status !== 'logged-out').length;
    const state: CenterState = {
      center: this.d.center,
      name: this.d.name,
      app: this.d.app,
      ...(this.d.prefix === undefined ? {} : { prefix: this.d.prefix }),
      open,
      loggedIn,
      freeAgents: agents.filter((a) => a.status === 'available').length,
      waiting: waiting.length,
      window: this.d.serviceLevel.at(now),
      targetShare: this.d.targetShare,
      at: now,
    };
    await this.d.board.post(state, POST_TTL_MS);
    if (this.d.partners.length === 0 && !this.d.forward) return;
    const partners = await this.partnerLoads(now);
    this.latest = partners;
    if (waiting.length === 0) return;
    // One caller a round (every two seconds) goes to the other platform: its load cannot be read, so it is not flooded.
    let forwarded = false;
    let position = 0;
    for (const w of waiting.slice(0, LOOK_AT)) {
      position++;
      const call = await this.d.store.get(w.call);
      if (!call || !handable(call)) continue;
      const caller = { waitedMs: now - queueArrivalOf(call), estimatedWaitMs: this.d.estimate(position, agents) };
      const taken = await this.toPartner(call, caller, { open, loggedIn }, partners, now);
      if (!taken && !forwarded && this.d.forward) forwarded = await this.toOtherPlatform(call, caller, { open, loggedIn }, this.d.forward, now);
      if (partners.every((p) => p.load.freeAgents <= 0) && (forwarded || !this.d.forward)) return;
    }
  }

  /** The first partner on this platform that may take the caller takes them. */
  private async toPartner(call: Call, caller: WaitingCaller, home: HomeCenter, partners: readonly Partner[], now: number): Promise<boolean> {
    for (const p of partners) {
      if (p.load.freeAgents <= 0) continue;
      const decision = mayBorrow(caller, home, p.rule, p.load);
      if (!decision.allowed) {
        if (decision.why !== 'no-trigger') this.d.log.debug({ callId: call.id, partner: p.rule.partner, why: decision.why }, 'the partner center cannot take the caller now');
        continue;
      }
      this.d.log.info({ callId: call.id, partner: p.rule.partner, trigger: decision.trigger }, 'waiting caller handed to a partner center');
      await this.d.handle(call.id, { type: 'partner.take', at: now, partner: p.rule.partner, to: { kind: 'app', app: p.state.app }, handover: this.handoverOf(call, decision.trigger) });
      p.load = { ...p.load, freeAgents: p.load.freeAgents - 1 };
      return true;
    }
    return false;
  }

  /** No partner here could: the center on another platform, when the forward's trigger fires. */
  private async toOtherPlatform(call: Call, caller: WaitingCaller, home: HomeCenter, rule: ForwardRule, now: number): Promise<boolean> {
    const decision = mayBorrow(caller, home, rule, UNKNOWN_LOAD);
    if (!decision.allowed) return false;
    this.d.log.info({ callId: call.id, partner: rule.partner, trigger: decision.trigger }, 'waiting caller forwarded to a center on another platform');
    await this.d.handle(call.id, { type: 'partner.take', at: now, partner: rule.partner, to: { kind: 'sip', dial: rule.dial }, handover: this.handoverOf(call, decision.trigger) });
    return true;
  }

  private handoverOf(call: Call, trigger: BorrowTrigger): PartnerHandover {
    return {
      center: this.d.center,
      entry: call.entry.kind,
      trigger,
      arrivedAt: queueArrivalOf(call),
      overflowReason: call.overflowReason ?? null,
      municipality: call.municipality ? { id: call.municipality, name: this.d.townName(call.municipality) ?? call.municipality } : null,
    };
  }

  /**
   * A partner that takes a caller now while this center is closed (its `whenClosed` holds, and it can
   * take one), from the last round's reading; each one taken counts against that partner's free agents.
   */
  closedTaker(at: number, municipality: string | null): ClosedTaker | null {
    for (const p of this.latest) {
      if (at - p.state.at > POST_TTL_MS) continue;
      const decision = mayBorrow({ waitedMs: 0, estimatedWaitMs: null }, { open: false, loggedIn: 0 }, p.rule, p.load);
      if (!decision.allowed || decision.trigger !== 'closed') continue;
      p.load = { ...p.load, freeAgents: p.load.freeAgents - 1 };
      this.d.log.info({ partner: p.rule.partner }, 'caller handed to a partner center while this one is closed');
      return { partner: p.rule.partner, to: { kind: 'app', app: p.state.app }, center: this.d.center, municipality: this.municipalityOf(municipality) };
    }
    // No partner here: the center on another platform, if it takes callers while this one is closed.
    const forward = this.d.forward;
    if (forward?.whenClosed) {
      this.d.log.info({ partner: forward.partner }, 'caller forwarded to a center on another platform while this one is closed');
      return { partner: forward.partner, to: { kind: 'sip', dial: forward.dial }, center: this.d.center, municipality: this.municipalityOf(municipality) };
    }
    return null;
  }

  private municipalityOf(id: string | null): PartnerHandover['municipality'] {
    return id ? { id, name: this.d.townName(id) ?? id } : null;
  }

  /** The partners whose engines posted lately, with what they can take. */
  private async partnerLoads(now: number): Promise<Partner[]> {
    const out: Partner[] = [];
    for (const rule of this.d.partners) {
      const state = await this.d.board.read(rule.partner);
      if (!state || now - state.at > POST_TTL_MS) continue;
      out.push({
        rule,
        state,
        load: { open: state.open, freeAgents: state.freeAgents, ownWaiting: state.waiting, window: state.window, targetShare: state.targetShare },
      });
    }
    return out;
  }
}

/**
 * A caller who may go to a partner: waiting in the queue with nothing else going on, not handed
 * over already (no caller goes round the network), and needing no skill (a partner's agents may
 * lack it) and no video.
 */
function handable(call: Call): boolean {
  if (call.phase !== 'queued' || call.limitOffer || call.fromPartner || call.video) return false;
  return (call.routing?.steps ?? []).every((s) => Object.keys(s.skills).length === 0);
}
