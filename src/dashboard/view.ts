/**
 * The dashboard's view model, pure: from the live queue (src/app/queue-view.ts) and today's
 * statistics report (src/stats) to what the page shows, already judged against the targets and
 * formatted in German. The page's script only puts these values in place and lets the waits count
 * up between updates.
 */
import type { QueueView } from '../app/queue-view.js';
import type { ServiceTargets } from '../config/service-targets.js';
import type { AgentStatus, PauseReason } from '../domain/agent.js';
import type { Figures, NotesCounts, StatsReport } from '../stats/index.js';
import type { WaitingSeries } from './history.js';
import {
  LEVEL_TEXT,
  abandonLevel,
  asaLevel,
  count,
  fcrLevel,
  notesLevel,
  percent,
  percentTarget,
  seconds,
  serviceLevelLevel,
  type Level,
} from './targets.js';
import { waitLimitsOf } from '../stats/verdicts.js';

export const STATUS_LABEL: Readonly<Record<AgentStatus, string>> = {
  available: 'Bereit',
  busy: 'Im Gespräch',
  'wrap-up': 'Nachbearbeitung',
  paused: 'Pause',
  offered: 'Klingelt',
  'logged-out': 'Abgemeldet',
};

/** The order of the agent groups on the page. */
export const STATUS_ORDER: readonly AgentStatus[] = ['available', 'busy', 'wrap-up', 'paused', 'offered', 'logged-out'];

export const PAUSE_LABEL: Readonly<Record<PauseReason, string>> = {
  break: 'Pause',
  meeting: 'Besprechung',
  training: 'Schulung',
  other: 'Sonstiges',
  'no-answer': 'Anruf nicht angenommen',
  unreachable: 'Telefon nicht erreichbar',
  unregistered: 'Telefon nicht angemeldet',
};

export const ENTRY_LABEL = { '115': '115', town: 'Gemeinde' } as const;

/** Names the page needs: the towns, and the service center for calls about no town. */
export interface Names {
  readonly towns: ReadonlyMap<string, string>;
  /** For calls attributed to no town (a 115 caller from elsewhere). */
  readonly county: string;
  /** Partner centers by id (`serviceCenter.partners[].name`), for callers they handed over; the id where missing. */
  readonly partners?: ReadonlyMap<string, string>;
}

export interface WaitingCaller {
  readonly callId: string;
  readonly position: number;
  readonly entry: '115' | 'town';
  /** "115" or "Gemeinde": the number the citizen dialled. */
  readonly entryLabel: string;
  readonly municipality: string | null;
  readonly municipalityName: string;
  /** When the call arrived (epoch ms): the wait counts from here, town ring included. */
  readonly arrivedAt: number;
  /** The wait at `at`. */
  readonly waitedMs: number;
  readonly phase: 'queued' | 'offering' | 'callback';
  /** "wartet", "klingelt bei Anna Petersen", "Rückruf gewünscht". */
  readonly phaseLabel: string;
  readonly estimatedWait: string;
}

export interface AgentRow {
  readonly id: string;
  readonly name: string;
  readonly status: AgentStatus;
  /** "Bereit", "Pause (Besprechung)", … */
  readonly label: string;
  /** Since when the agent is in this state (epoch ms). */
  readonly since: number;
}

export interface AgentGroup {
  readonly status: AgentStatus;
  readonly label: string;
  readonly agents: readonly AgentRow[];
}

/** What is going on right now; sent on every change. */
export interface LiveView {
  readonly at: number;
  /** Callers on the line waiting for an agent (queued, or an agent's phone rings), head first. */
  readonly waiting: readonly WaitingCaller[];
  /** Callers who asked to be called back and hung up; they keep their place. */
  readonly callbacks: readonly WaitingCaller[];
  /** The longest wait of a caller on the line at `at`, null when nobody waits. */
  readonly longestWaitMs: number | null;
  /** Calls ringing at town halls (not yet the county's). */
  readonly ringingAtTowns: number;
  readonly agentGroups: readonly AgentGroup[];
  /** Waits are judged against these: green up to `goodMs`, amber up to `warnMs`, red above. */
  readonly waitLimits: { readonly goodMs: number; readonly warnMs: number };
}

export interface Kpi {
  readonly id: 'service-level' | 'asa' | 'abandon' | 'fcr' | 'notes';
  readonly label: string;
  readonly value: string;
  readonly target: string;
  readonly detail: string;
  readonly level: Level;
  readonly levelText: string;
}

export interface MunicipalityRow {
  /** Town id; `""`: calls about no town (the county itself). */
  readonly id: string;
  readonly name: string;
  readonly offered: string;
  readonly answered: string;
  readonly abandoned: string;
  readonly serviceLevel: string;
  readonly serviceLevelLevel: Level;
  readonly asa: string;
  readonly asaLevel: Level;
  readonly fcr: string;
  readonly fcrLevel: Level;
  /** The town's own targets in words ("Eigenes Ziel: 80 % in 20 s …"); null: the center's apply. */
  readonly ownTarget: string | null;
}

export interface ChartData {
  readonly dayStart: number;
  readonly dayEnd: number;
  /** Waiting callers per step from `dayStart` up to now (the most seen in the step); null: before the first sample. */
  readonly stepMs: number;
  readonly waiting: readonly (number | null)[];
  /** When today's waiting history begins (the engine's start, or midnight); null: no sample yet. */
  readonly waitingSince: number | null;
  /** Service level of the calls that arrived in each local hour, in percent; null: no call to judge (or later). */
  readonly hours: readonly { readonly start: number; readonly serviceLevelPct: number | null }[];
  readonly targetPct: number;
}

/** Today's figures; sent after changes (at most about once a second) and every half minute. */
export interface FiguresView {
  readonly at: number;
  /** Local date, `YYYY-MM-DD`. */
  readonly date: string;
  /** "Montag, 6. Januar 2025". */
  readonly dateLabel: string;
  /** False: the statistics could not read the newest records (figures as last known). */
  readonly upToDate: boolean;
  readonly kpis: readonly Kpi[];
  readonly municipalities: readonly MunicipalityRow[];
  readonly total: MunicipalityRow;
  readonly chart: ChartData;
}

const municipalityName = (id: string | null, names: Names): string => (id === null ? names.county : (names.towns.get(id) ?? id));

/** A waiting caller's municipality; a handed-over caller's is the partner's town, named with the partner: "Stadt Quickborn (Service-Center Kreis Pinneberg)". */
function waitingMunicipalityName(w: QueueView['waiting'][number], names: Names): string {
  if (!w.fromPartner) return municipalityName(w.municipality, names);
  const center = names.partners?.get(w.fromPartner.center) ?? w.fromPartner.center;
  return w.fromPartner.municipalityName === null ? center : `${w.fromPartner.municipalityName} (${center})`;
}

const agentLabel = (status: AgentStatus, reason: PauseReason | null): string =>
  status === 'paused' ? `${STATUS_LABEL.paused} (${reason ? (PAUSE_LABEL[reason] ?? reason) : 'ohne Grund'})` : STATUS_LABEL[status];

/** The live part, from the queue view. */
export function liveView(q: QueueView, names: Names, targets: ServiceTargets): LiveView {
  const agentName = new Map(q.agents.map((a) => [a.id as string, a.name ?? a.id]));
  const callers = q.waiting.map(
    (w): WaitingCaller => ({
      callId: w.callId,
      position: w.position,
      entry: w.entry,
      entryLabel: ENTRY_LABEL[w.entry],
      municipality: w.municipality,
      municipalityName: waitingMunicipalityName(w, names),
      arrivedAt: q.at - w.waitedMs,
      waitedMs: w.waitedMs,
      phase: w.phase,
      phaseLabel:
        w.phase === 'offering'
          ? `klingelt bei ${w.offeredTo ? (agentName.get(w.offeredTo) ?? w.offeredTo) : 'einem Agenten'}`
          : w.phase === 'callback'
            ? 'Rückruf gewünscht'
            : 'wartet',
      estimatedWait: w.phase === 'offering' ? '–' : w.estimatedWaitMs === null ? 'unbekannt' : `ca. ${seconds(w.estimatedWaitMs)}`,
    }),
  );
  const waiting = callers.filter((c) => c.phase !== 'callback');
  const groups = STATUS_ORDER.map((status) => ({
    status,
    label: STATUS_LABEL[status],
    agents: q.agents
      .filter((a) => a.status === status)
      .map((a) => ({ id: a.id, name: a.name ?? a.id, status, label: agentLabel(status, a.pauseReason), since: a.since }))
      .sort((a, b) => a.name.localeCompare(b.name, 'de')),
  }));
  return {
    at: q.at,
    waiting,
    callbacks: callers.filter((c) => c.phase === 'callback'),
    longestWaitMs: waiting.length === 0 ? null : Math.max(...waiting.map((c) => c.waitedMs)),
    ringingAtTowns: q.ringingAtTowns,
    agentGroups: groups,
    waitLimits: waitLimitsOf(targets),
  };
}

const kpi = (k: Omit<Kpi, 'levelText'>): Kpi => ({ ...k, levelText: LEVEL_TEXT[k.level] });

const calls = (n: number, one = 'Anruf', many = 'Anrufen'): string => `${count(n)} ${n === 1 ? one : many}`;

/** The five judged figures of the day. `notes`: the callback notes open and overdue now (any day filed). */
export function kpisOf(f: Figures, notes: { readonly open: number; readonly overdue: number; readonly available: boolean }, t: ServiceTargets): Kpi[] {
  const sl = f.serviceLevel;
  const serviceLevelSec = t.serviceLevel.withinMs / 1000;
  return [
    kpi({
      id: 'service-level',
      label: 'Servicelevel heute',
      value: percent(sl.rate),
      target: `Ziel: ${percentTarget(t.serviceLevel.share)} in ${serviceLevelSec}\u00a0s`,
      detail: sl.base === 0 ? 'Noch keine Anrufe heute.' : `${count(sl.answeredInTime)} von ${calls(sl.base)} in ${serviceLevelSec}\u00a0s angenommen`,
      level: serviceLevelLevel(sl.rate, t),
    }),
    kpi({
      id: 'asa',
      label: 'Ø Wartezeit bis Annahme (ASA)',
      value: seconds(f.asaMs),
      target: `Ziel: höchstens ${seconds(t.asa.maxMs)}`,
      detail: f.answeredLive === 0 ? 'Noch kein Anruf angenommen.' : `über ${calls(f.answeredLive, 'angenommenen Anruf', 'angenommene Anrufe')}`,
      level: asaLevel(f.asaMs, t),
    }),
    kpi({
      id: 'abandon',
      label: 'Abbruchquote',
      value: percent(f.abandonRate),
      target: `Ziel: höchstens ${percentTarget(t.abandonment.maxShare)}`,
      detail: `${count(f.abandoned)} ${f.abandoned === 1 ? 'Anrufer hat' : 'Anrufer haben'} beim Warten aufgelegt`,
      level: abandonLevel(f.abandonRate, t),
    }),
    kpi({
      id: 'fcr',
      label: 'Fallabschließend gelöst (FCR)',
      value: percent(f.fcr.rate),
      target: `Ziel: mindestens ${percentTarget(t.fcr.minShare)}`,
      detail: f.fcr.classified === 0 ? 'Noch kein Anruf eingestuft.' : `${count(f.fcr.resolved)} von ${calls(f.fcr.classified, 'eingestuften Anruf', 'eingestuften Anrufen')}`,
      level: fcrLevel(f.fcr.rate, t),
    }),
    kpi({
      id: 'notes',
      label: 'Überfällige Rückrufnotizen',
      value: notes.available ? count(notes.overdue) : '–',
      target: 'Ziel: keine überfällig',
      detail: notes.available ? `${count(notes.open)} offen (Frist: ${count(t.noteReply.withinServiceMs / 3_600_000)} Servicestunden)` : 'Rückrufnotizen sind nicht angebunden.',
      level: notesLevel(notes.overdue, notes.available, t),
    }),
  ];
}

/** A town's targets in words, where they differ from the center's. */
const ownTargetText = (t: ServiceTargets, center: ServiceTargets): string | null => {
  const parts: string[] = [];
  if (t.serviceLevel.share !== center.serviceLevel.share || t.serviceLevel.withinMs !== center.serviceLevel.withinMs) {
    parts.push(`${percentTarget(t.serviceLevel.share)} in ${t.serviceLevel.withinMs / 1000}\u00a0s`);
  }
  if (t.asa.maxMs !== center.asa.maxMs) parts.push(`ASA höchstens ${seconds(t.asa.maxMs)}`);
  if (t.fcr.minShare !== center.fcr.minShare) parts.push(`FCR mindestens ${percentTarget(t.fcr.minShare)}`);
  return parts.length === 0 ? null : `Eigenes Ziel: ${parts.join(' · ')}`;
};

const rowOf = (id: string, name: string, f: Figures | undefined, t: ServiceTargets, center: ServiceTargets = t): MunicipalityRow => ({
  id,
  name,
  offered: count(f?.offered ?? 0),
  answered: count(f?.answered.total ?? 0),
  abandoned: count(f?.abandoned ?? 0),
  serviceLevel: percent(f?.serviceLevel.rate ?? null),
  serviceLevelLevel: serviceLevelLevel(f?.serviceLevel.rate ?? null, t),
  asa: seconds(f?.asaMs ?? null),
  asaLevel: asaLevel(f?.asaMs ?? null, t),
  fcr: percent(f?.fcr.rate ?? null),
  fcrLevel: fcrLevel(f?.fcr.rate ?? null, t),
  ownTarget: ownTargetText(t, center),
});

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const dateLabel = (timezone: string, at: number): string => {
  let f = dateFormats.get(timezone);
  if (!f) dateFormats.set(timezone, (f = new Intl.DateTimeFormat('de-DE', { timeZone: timezone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })));
  return f.format(at);
};

/**
 * Today's figures from the report of today by the hour with `byMunicipality` (operators' report,
 * `municipality` all). `notes`: callback notes open and overdue now, whenever filed; left out, the
 * report's own (the notes filed today).
 */
export function figuresView(input: {
  readonly report: StatsReport;
  readonly history: WaitingSeries;
  readonly names: Names;
  /** The deployment's towns in the order the table lists them. */
  readonly townOrder: readonly string[];
  /** The center's targets: the day's tiles, the total, the chart, calls about no town. */
  readonly targets: ServiceTargets;
  /** Each town's targets (its own over the center's); a town not here is judged by the center's. */
  readonly townTargets?: ReadonlyMap<string, ServiceTargets>;
  readonly at: number;
  readonly notes?: NotesCounts | null;
}): FiguresView {
  const { report, history, names, targets: t } = input;
  const notes = input.notes ? { ...input.notes, available: true } : report.callbackNotes;
  const by = new Map((report.byMunicipality ?? []).map((m) => [m.municipality ?? '', m]));
  const targetsOf = (id: string): ServiceTargets => input.townTargets?.get(id) ?? t;
  const rows = input.townOrder.map((id) => rowOf(id, municipalityName(id, names), by.get(id), targetsOf(id), t));
  // Calls about no town (115 from elsewhere), and about towns no longer configured, when there are any.
  for (const [id, f] of by) if (!input.townOrder.includes(id)) rows.push(rowOf(id, id === '' ? names.county : municipalityName(id, names), f, t));
  const firstSample = history.values.findIndex((v) => v !== null);
  return {
    at: input.at,
    date: report.from,
    dateLabel: dateLabel(report.timezone, input.at),
    upToDate: report.upToDate,
    kpis: kpisOf(report.totals, notes, t),
    municipalities: rows,
    total: rowOf('*', 'Alle zusammen', report.totals, t),
    chart: {
      dayStart: history.dayStart,
      dayEnd: history.dayEnd,
      stepMs: history.stepMs,
      waiting: history.values,
      waitingSince: firstSample < 0 ? null : history.dayStart + firstSample * history.stepMs,
      hours: report.intervals.map((i) => {
        const start = Date.parse(i.start);
        const rate = start <= input.at ? i.serviceLevel.rate : null;
        return { start, serviceLevelPct: rate === null ? null : Math.round(rate * 1000) / 10 };
      }),
      targetPct: Math.round(t.serviceLevel.share * 1000) / 10,
    },
  };
}
