/**
 * The dashboard's views as its page reads them: what the engine sends (src/dashboard/view.ts
 * `LiveView`, `FiguresView`; src/staffing `StaffingAdvice`), embedded in the page and as the
 * `live` and `figures` events of `/api/dashboard/events`. test/unit/web/page-data-types.test.ts
 * checks at type level that the server's views fit.
 */
export type Level = 'good' | 'warn' | 'bad' | 'none';

export interface WaitingCaller {
  readonly callId: string;
  readonly position: number;
  readonly entryLabel: string;
  readonly municipality: string | null;
  readonly municipalityName: string;
  readonly arrivedAt: number;
  readonly phase: string;
  readonly phaseLabel: string;
  readonly estimatedWait: string;
}

export interface AgentRow {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly label: string;
  readonly since: number;
}

export interface AgentGroup {
  readonly status: string;
  readonly label: string;
  readonly agents: readonly AgentRow[];
}

export interface LiveView {
  readonly at: number;
  readonly waiting: readonly WaitingCaller[];
  readonly callbacks: readonly WaitingCaller[];
  readonly ringingAtTowns: number;
  readonly agentGroups: readonly AgentGroup[];
  readonly waitLimits: { readonly goodMs: number; readonly warnMs: number };
}

export interface Kpi {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly target: string;
  readonly detail: string;
  readonly level: Level;
  readonly levelText: string;
}

export interface MunicipalityRow {
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
  /** The town's own targets in words; null: the center's apply. */
  readonly ownTarget: string | null;
}

export interface ChartData {
  readonly dayStart: number;
  readonly dayEnd: number;
  readonly stepMs: number;
  readonly waiting: readonly (number | null)[];
  readonly waitingSince: number | null;
  readonly hours: readonly { readonly start: number; readonly serviceLevelPct: number | null }[];
  readonly targetPct: number;
}

export interface FiguresView {
  readonly at: number;
  readonly dateLabel: string;
  readonly upToDate: boolean;
  readonly kpis: readonly Kpi[];
  readonly municipalities: readonly MunicipalityRow[];
  readonly total: MunicipalityRow;
  readonly chart: ChartData;
}

/** Embedded in the page as `initial-dashboard`. */
export interface InitialDashboard {
  readonly live: LiveView | null;
  readonly figures: FiguresView | null;
  /** The words for the levels: "im Ziel", "knapp verfehlt", … */
  readonly levels: Readonly<Record<Level, string>>;
}

/** `GET /api/staffing`; the page shows "–" for anything missing. */
export interface StaffingAdvice {
  readonly windowMinutes?: number;
  readonly arrivalsPerHour?: number;
  readonly ahtSec?: number;
  readonly erlangs?: number;
  readonly agentsNeeded?: number;
  readonly agentsLoggedIn?: number;
  readonly agentsReady?: number;
  readonly serviceLevelWithLoggedIn?: number;
  readonly target?: { readonly within?: number; readonly share?: number };
}
