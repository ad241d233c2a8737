/**
 * Prometheus metrics of the engine (prom-client, a registry of its own). Counters come from the
 * call records stream, read incrementally from where it ended when this process started: counters
 * begin at zero per process, as Prometheus counters do, and a restart neither counts a call twice
 * nor needs a store of its own (Prometheus's `rate()`/`increase()` handle the reset). Gauges are
 * computed at scrape time from the live state in Redis and the connections.
 *
 * Label values are bounded: entries, outcomes, overflow reasons, phases and agent states are fixed
 * lists of the engine; municipalities are the deployment's town ids and `county` (a 115 call of no
 * town). Anything else a record carries is counted as `other`. No caller data, no call ids.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AgentState, AgentStatus } from '../domain/agent.js';
import type { Call, EntryKind, Outcome, OverflowReason } from '../domain/call.js';
import { CatchUp } from '../app/catch-up.js';

/** Ended calls' records in the order they ended, and where the stream ends now (RedisCallRecords + XREVRANGE). */
export interface RecordTail {
  read(sinceId?: string, count?: number): Promise<readonly { readonly id: string; readonly call: Call }[]>;
  /** Id of the newest entry, null while the stream is empty. */
  lastId(): Promise<string | null>;
}

export interface MetricsLog {
  warn(obj: object, msg: string): void;
}

export interface EngineMetricsOptions {
  readonly records: RecordTail;
  /** The deployment's town ids: the only municipality label values besides `county` and `other`. */
  readonly towns: Iterable<string>;
  /** Calls running now (CallStore.active). */
  readonly activeCalls: () => Promise<readonly Call[]>;
  /** Every agent's state now (AgentStore.all). */
  readonly agents: () => Promise<readonly AgentState[]>;
  readonly ariConnected: () => boolean;
  readonly redisConnected: () => boolean | Promise<boolean>;
  /** prom-client's process and Node.js metrics. Default true. */
  readonly defaultMetrics?: boolean;
  /** Stream entries read per request. Default 1 000. */
  readonly pageSize?: number;
  readonly log?: MetricsLog;
}

// Records (not `satisfies` a list): a value added to the domain's unions fails to compile here.
const ENTRIES: Record<EntryKind, true> = { town: true, '115': true };
const OUTCOMES: Record<Outcome, true> = {
  'answered-by-town': true,
  'answered-by-agent': true,
  abandoned: true,
  closed: true,
  'queue-full': true,
  'callback-unanswered': true,
  'no-agent': true,
  failed: true,
  'handed-over': true,
};
const REASONS: Record<OverflowReason, true> = {
  'direct-115': true,
  'town-no-answer': true,
  'town-busy': true,
  'town-unreachable': true,
  'town-unregistered': true,
  partner: true,
  'town-closed': true,
  switchboard: true,
  'town-ring-limit': true,
};
const AGENT_STATES: Record<AgentStatus, true> = { available: true, offered: true, busy: true, 'wrap-up': true, paused: true, 'logged-out': true };
/** Waiting callers' phases as `/api/queue` names them. */
export const WAITING_PHASES = ['queued', 'offering', 'callback'] as const;

export const OUTCOME_LABELS = Object.keys(OUTCOMES) as Outcome[];
export const REASON_LABELS = Object.keys(REASONS) as OverflowReason[];
export const AGENT_STATE_LABELS = Object.keys(AGENT_STATES) as AgentStatus[];
export const COUNTY = 'county';
export const OTHER = 'other';

/** Queue wait buckets, seconds: fine around the 30 s promise, up to the 15-minute queue limit and beyond. */
export const QUEUE_WAIT_BUCKETS = [5, 10, 15, 20, 25, 30, 45, 60, 90, 120, 180, 300, 600, 900];

/** Call ids taken in lately: a record published twice is counted once. */
const SEEN_CAP = 20_000;

const known = <K extends string>(set: Record<K, true>, v: string | null | undefined): K | typeof OTHER =>
  v !== null && v !== undefined && Object.hasOwn(set, v) ? (v as K) : OTHER;

export class EngineMetrics {
  readonly registry = new Registry();
  private readonly towns: ReadonlySet<string>;
  private readonly ended: Counter<'entry' | 'municipality' | 'outcome'>;
  private readonly overflowed: Counter<'reason'>;
  private readonly queueWait: Histogram;
  private readonly waiting: Gauge<'phase'>;
  private readonly agentsGauge: Gauge<'state'>;
  private readonly ari: Gauge;
  private readonly redis: Gauge;
  private readonly recordsUpToDate: Gauge;
  /** Last stream id taken in; undefined until the stream's end at start is known. */
  private position: string | null | undefined = undefined;
  private readonly seen = new Set<string>();
  private readonly catchUp = new CatchUp(() => this.readNew());
  private readonly pageSize: number;
  /** Parts that could not be read at the last scrape: each failure is logged once until it heals. */
  private readonly failing = new Set<string>();

  constructor(private readonly o: EngineMetricsOptions) {
    this.towns = new Set(o.towns);
    this.pageSize = o.pageSize ?? 1_000;
    const registers = [this.registry];
    this.ended = new Counter({
      name: 'overflow_calls_ended_total',
      help: 'Calls ended since this process started, from the call records: by number dialled (town|115), municipality (town id or county) and outcome.',
      labelNames: ['entry', 'municipality', 'outcome'],
      registers,
    });
    this.overflowed = new Counter({
      name: 'overflow_calls_overflowed_total',
      help: 'Ended calls that went to the county service center, by why (overflowReason of the record).',
      labelNames: ['reason'],
      registers,
    });
    this.queueWait = new Histogram({
      name: 'overflow_queue_wait_seconds',
      help: 'Wait in the county queue of ended calls that queued: from queuedAt to answeredAt, or to the end when nobody answered.',
      buckets: QUEUE_WAIT_BUCKETS,
      registers,
    });
    this.waiting = new Gauge({ name: 'overflow_calls_waiting', help: 'Callers waiting for an agent now, by phase (queued, offering: an agent rings, callback: asked to be called back).', labelNames: ['phase'], registers });
    this.agentsGauge = new Gauge({ name: 'overflow_agents', help: 'Agents by state now.', labelNames: ['state'], registers });
    this.ari = new Gauge({ name: 'overflow_ari_connected', help: '1 while the ARI websocket to Asterisk is connected, else 0.', registers });
    this.redis = new Gauge({ name: 'overflow_redis_connected', help: '1 while the Redis connection is ready, else 0.', registers });
    this.recordsUpToDate = new Gauge({
      name: 'overflow_call_records_up_to_date',
      help: '1 if the call counters took in the records stream at this scrape, 0 if it could not be read (counters as last known).',
      registers,
    });
    for (const outcome of OUTCOME_LABELS) {
      for (const town of this.towns) {
        this.ended.inc({ entry: 'town', municipality: town, outcome }, 0);
        this.ended.inc({ entry: '115', municipality: town, outcome }, 0);
      }
      this.ended.inc({ entry: '115', municipality: COUNTY, outcome }, 0);
    }
    for (const reason of REASON_LABELS) this.overflowed.inc({ reason }, 0);
    if (o.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /**
   * Notes where the records stream ends now: calls that end from here on are counted. With
   * `pollMs`, also takes in new records every `pollMs` between scrapes.
   */
  async start(pollMs?: number): Promise<void> {
    this.catchUp.poll(pollMs, (err) => {
      if (err) this.failed('records', err, 'metrics could not read the call records');
      else this.healed('records');
    });
    await this.refresh();
  }

  stop(): void {
    this.catchUp.stop();
  }

  /** Takes in the records that are new since the last read. Concurrent calls share one read. */
  refresh(): Promise<void> {
    return this.catchUp.run();
  }

  /** The text exposition: counters brought up to date, gauges computed now. Never fails on Redis. */
  async scrape(): Promise<string> {
    let upToDate = 1;
    await this.refresh().then(
      () => this.healed('records'),
      (err: unknown) => {
        upToDate = 0;
        this.failed('records', err, 'metrics could not read the call records: counters as last known');
      },
    );
    this.recordsUpToDate.set(upToDate);
    this.ari.set(this.o.ariConnected() ? 1 : 0);
    this.redis.set((await Promise.resolve(this.o.redisConnected()).catch(() => false)) ? 1 : 0);
    await this.liveGauges();
    return this.registry.metrics();
  }

  /** Counts one ended call's record. */
  count(call: Call): void {
    if (call.phase !== 'ended' || !call.outcome || call.times.endedAt === undefined) return;
    if (this.seen.has(call.id)) return;
    this.seen.add(call.id);
    if (this.seen.size > SEEN_CAP) {
      const oldest = this.seen.values().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    const entry = known(ENTRIES, call.entry.kind);
    const municipality = call.municipality === null ? COUNTY : this.towns.has(call.municipality) ? call.municipality : OTHER;
    this.ended.inc({ entry, municipality, outcome: known(OUTCOMES, call.outcome) });
    if (call.overflowReason !== undefined) this.overflowed.inc({ reason: known(REASONS, call.overflowReason) });
    const queuedAt = call.times.queuedAt;
    if (queuedAt !== undefined) {
      const until = call.times.answeredAt ?? call.times.endedAt;
      this.queueWait.observe(Math.max(0, until - queuedAt) / 1_000);
    }
  }

  private async readNew(): Promise<void> {
    if (this.position === undefined) {
      // Where the stream ends at start: what ended before this process is not counted again.
      this.position = await this.o.records.lastId();
      return;
    }
    for (;;) {
      const page = await this.o.records.read(this.position ?? undefined, this.pageSize);
      for (const { id, call } of page) {
        this.count(call);
        this.position = id;
      }
      if (page.length < this.pageSize) return;
    }
  }

  /** Waiting calls and agents from the live state; left out (no samples) when it cannot be read. */
  private async liveGauges(): Promise<void> {
    const [calls, agents] = await Promise.allSettled([this.o.activeCalls(), this.o.agents()]);
    this.waiting.reset();
    this.agentsGauge.reset();
    if (calls.status === 'fulfilled') {
      const counts = { queued: 0, offering: 0, callback: 0 };
      for (const c of calls.value) {
        if (c.phase === 'queued') counts.queued++;
        else if (c.phase === 'offering') counts.offering++;
        else if (c.phase === 'callback-waiting') counts.callback++;
      }
      for (const phase of WAITING_PHASES) this.waiting.set({ phase }, counts[phase]);
      this.healed('calls');
    } else {
      this.failed('calls', calls.reason, 'metrics could not read the waiting calls: left out');
    }
    if (agents.status === 'fulfilled') {
      const counts = new Map<string, number>(AGENT_STATE_LABELS.map((s) => [s, 0]));
      for (const a of agents.value) {
        const state = known(AGENT_STATES, a.status);
        counts.set(state, (counts.get(state) ?? 0) + 1);
      }
      for (const [state, n] of counts) if (state !== OTHER || n > 0) this.agentsGauge.set({ state }, n);
      this.healed('agents');
    } else {
      this.failed('agents', agents.reason, 'metrics could not read the agents: left out');
    }
  }

  private failed(part: string, err: unknown, msg: string): void {
    if (!this.failing.has(part)) this.o.log?.warn({ err }, msg);
    this.failing.add(part);
  }

  private healed(part: string): void {
    this.failing.delete(part);
  }
}
