import type { QueueView } from '../app/queue-view.js';
import type { NotesCounts, ReportQuery, StatsReport } from '../stats/index.js';
import { localDate } from '../stats/index.js';
import { WaitingHistory } from './history.js';
import type { ServiceTargets } from '../config/service-targets.js';
import { figuresView, liveView, type FiguresView, type LiveView, type Names } from './view.js';

export interface DashboardLog {
  warn(obj: object, msg: string): void;
}

export interface DashboardHubDeps {
  /** The live queue (src/app/queue-view.ts readQueue): a few Redis reads. */
  readonly queue: () => Promise<QueueView>;
  /** The statistics read model (StatsReadModel): today's report by the hour. */
  readonly stats: { report(q: Omit<ReportQuery, 'timezone'>): Promise<StatsReport> };
  /** Callback notes open and overdue now, whenever filed (the notes module's summary over all time); left out: the report's. */
  readonly notes?: () => Promise<NotesCounts>;
  /** Told after every change of a call or an agent. */
  readonly changes: { subscribe(listener: () => void): () => void };
  readonly timezone: string;
  readonly names: Names;
  readonly townOrder: readonly string[];
  /** The center's targets; `townTargets` each town's (its own over the center's). */
  readonly targets: ServiceTargets;
  readonly townTargets?: ReadonlyMap<string, ServiceTargets>;
  readonly now: () => number;
  readonly log?: DashboardLog;
  /** Live views are read at most this often (a burst of changes is one read). Default 200 ms. */
  readonly liveGapMs?: number;
  /** Figures are computed at most this often. Default 1 s. */
  readonly figuresGapMs?: number;
  /** Figures again this often while a dashboard is open (notes fall due, the chart's minute moves on). Default 30 s. */
  readonly figuresEveryMs?: number;
  /** The waiting history is sampled this often, dashboard open or not. Default 60 s (its step). */
  readonly sampleEveryMs?: number;
  /** The notes' counts are read at most this often. Default 15 s. */
  readonly notesEveryMs?: number;
}

/** A client of the hub: gets each update as a ready server-sent-events chunk. */
export type DashboardClient = (chunk: string) => void;

const sse = (event: 'live' | 'figures', data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * Runs `run` when requested, never twice at once and at most once per `gapMs`: requests while it
 * runs, or within the gap, make one more run afterwards.
 */
export class Coalescer {
  private running = false;
  private pending = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastStart = Number.NEGATIVE_INFINITY;
  private stopped = false;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly gapMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  request(): void {
    if (this.stopped) return;
    this.pending = true;
    if (!this.running && this.timer === null) this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    const wait = this.lastStart + this.gapMs - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.go();
      }, wait);
      this.timer.unref();
      return;
    }
    void this.go();
  }

  private async go(): Promise<void> {
    if (this.stopped) return;
    this.pending = false;
    this.running = true;
    this.lastStart = Date.now();
    try {
      await this.run();
    } catch (err) {
      this.onError(err);
    } finally {
      this.running = false;
      if (this.pending && !this.stopped) this.schedule();
    }
  }
}

/**
 * One per engine process, shared by every open dashboard: reads the live queue after changes
 * (coalesced) and today's figures after that (at most once a second), and sends both to every
 * connected dashboard as server-sent events. Nothing is read for the dashboards while none is
 * open, except the waiting history's once-a-minute sample. The per-second counting up of the waits
 * happens in the browser, without any request.
 */
export class DashboardHub {
  readonly history: WaitingHistory;
  private readonly clients = new Set<DashboardClient>();
  private readonly live: Coalescer;
  private readonly figures: Coalescer;
  private notesCache: { readonly at: number; readonly counts: NotesCounts } | null = null;
  private unsubscribe: (() => void) | null = null;
  private sampler: ReturnType<typeof setInterval> | null = null;
  private periodic: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly d: DashboardHubDeps) {
    this.history = new WaitingHistory(d.timezone);
    const warn = (what: string) => (err: unknown) => d.log?.warn({ err }, what);
    this.live = new Coalescer(() => this.pushLive(), d.liveGapMs ?? 200, warn('dashboard: live view not read'));
    this.figures = new Coalescer(() => this.pushFigures(), d.figuresGapMs ?? 1_000, warn('dashboard: figures not computed'));
  }

  /** Listens for changes and samples the waiting history. */
  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.d.changes.subscribe(() => {
      if (this.clients.size > 0) this.live.request();
    });
    this.sampler = setInterval(() => {
      this.d.queue().then(
        (q) => this.history.record(q.at, liveView(q, this.d.names, this.d.targets).waiting.length),
        (err: unknown) => this.d.log?.warn({ err }, 'dashboard: waiting history not sampled'),
      );
    }, this.d.sampleEveryMs ?? this.history.stepMs);
    this.sampler.unref();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.sampler) clearInterval(this.sampler);
    if (this.periodic) clearInterval(this.periodic);
    this.sampler = this.periodic = null;
    this.live.stop();
    this.figures.stop();
    this.clients.clear();
  }

  /** Both views now, read fresh (the page's first paint, `GET /api/dashboard`). */
  async snapshot(): Promise<{ live: LiveView; figures: FiguresView }> {
    const live = await this.readLive();
    return { live, figures: await this.readFigures() };
  }

  /** A dashboard connected: it gets fresh views at once (every open dashboard gets them too). */
  subscribe(client: DashboardClient): () => void {
    this.clients.add(client);
    this.live.request();
    if (this.periodic === null) {
      this.periodic = setInterval(() => this.figures.request(), this.d.figuresEveryMs ?? 30_000);
      this.periodic.unref();
    }
    return () => {
      this.clients.delete(client);
      if (this.clients.size === 0 && this.periodic !== null) {
        clearInterval(this.periodic);
        this.periodic = null;
      }
    };
  }

  get connected(): number {
    return this.clients.size;
  }

  private async readLive(): Promise<LiveView> {
    const view = liveView(await this.d.queue(), this.d.names, this.d.targets);
    this.history.record(view.at, view.waiting.length);
    return view;
  }

  private async readFigures(): Promise<FiguresView> {
    const at = this.d.now();
    const today = localDate(this.d.timezone, at);
    const [report, notes] = await Promise.all([this.d.stats.report({ fromDate: today, toDate: today, interval: 'hour' }), this.readNotes(at)]);
    return figuresView({ report, history: this.history.series(at), names: this.d.names, townOrder: this.d.townOrder, targets: this.d.targets, ...(this.d.townTargets ? { townTargets: this.d.townTargets } : {}), at, notes });
  }

  private async readNotes(at: number): Promise<NotesCounts | null> {
    if (!this.d.notes) return null;
    if (this.notesCache && at - this.notesCache.at < (this.d.notesEveryMs ?? 15_000)) return this.notesCache.counts;
    try {
      const counts = await this.d.notes();
      this.notesCache = { at, counts };
      return counts;
    } catch (err) {
      this.d.log?.warn({ err }, 'dashboard: callback notes not read');
      return this.notesCache?.counts ?? null;
    }
  }

  private broadcast(chunk: string): void {
    for (const client of this.clients) client(chunk);
  }

  private async pushLive(): Promise<void> {
    if (this.clients.size === 0) return;
    this.broadcast(sse('live', await this.readLive()));
    // The figures follow the live view: calls that ended, the chart's newest sample.
    this.figures.request();
  }

  private async pushFigures(): Promise<void> {
    if (this.clients.size === 0) return;
    this.broadcast(sse('figures', await this.readFigures()));
  }
}
