/**
 * The platform overview: every center of the platform as the board shows it, for a platform
 * operator (`GET /api/platform`, `GET /platform`). Pure: the board's reads and the clock come in.
 */
import type { CenterState } from '../app/center-board.js';
import { CALLS_TO_JUDGE, withinTarget } from '../domain/partner-overflow.js';

/** A center whose engine posted within the board's expiry (5 s). */
export interface ReportingCenter {
  readonly center: string;
  /** Its `serviceCenter.name`; null when its engine does not post one (an older version). */
  readonly name: string | null;
  readonly reported: true;
  /** Whether the engine answering is this center's own. */
  readonly self: boolean;
  readonly open: boolean;
  readonly loggedIn: number;
  readonly freeAgents: number;
  readonly waiting: number;
  /** Its own calls over the last 30 minutes, as partners judge it (src/domain/partner-overflow.ts). */
  readonly serviceLevel: {
    readonly calls: number;
    readonly withinTarget: number;
    /** withinTarget / calls; null without a call. */
    readonly share: number | null;
    readonly targetShare: number;
    /** Whether there are enough calls (`CALLS_TO_JUDGE`) to say anything. */
    readonly enoughCalls: boolean;
    /** Met over the window; null: too few calls to judge. */
    readonly metTarget: boolean | null;
  };
  /** Epoch ms of the post (its engine's clock), and how old it is here. */
  readonly postedAt: number;
  readonly ageMs: number;
}

/** A center known on the platform (it claimed its key prefix once) whose engine has posted nothing for 5 s. */
export interface SilentCenter {
  readonly center: string;
  readonly name: null;
  readonly reported: false;
  readonly self: boolean;
}

export type PlatformCenter = ReportingCenter | SilentCenter;

export interface PlatformView {
  /** Epoch ms: when this view was made. */
  readonly at: number;
  /** The center whose engine answered. */
  readonly center: string;
  /** Fewer calls than this in the window are too few to judge a service level. */
  readonly callsToJudge: number;
  /** Reporting centers first (by name), then the silent ones (by id). */
  readonly centers: readonly PlatformCenter[];
}

export interface PlatformInput {
  /** The centers to list: the board's known ones, this center and its partners (an engine of an older version may not be known). */
  readonly centers: readonly string[];
  /** Each center's latest post (null or missing: none within its expiry). */
  readonly posts: ReadonlyMap<string, CenterState | null>;
  readonly self: string;
  readonly now: number;
}

const reporting = (state: CenterState, self: string, now: number): ReportingCenter => {
  const { calls, withinTarget: inTime } = state.window;
  const enoughCalls = calls >= CALLS_TO_JUDGE;
  return {
    center: state.center,
    name: state.name ?? null,
    reported: true,
    self: state.center === self,
    open: state.open,
    loggedIn: state.loggedIn,
    freeAgents: state.freeAgents,
    waiting: state.waiting,
    serviceLevel: {
      calls,
      withinTarget: inTime,
      share: calls === 0 ? null : inTime / calls,
      targetShare: state.targetShare,
      enoughCalls,
      metTarget: enoughCalls ? withinTarget({ window: state.window, targetShare: state.targetShare }) : null,
    },
    postedAt: state.at,
    // Engines' clocks may differ by a little: a post is never "in the future" here.
    ageMs: Math.max(0, now - state.at),
  };
};

const label = (c: PlatformCenter): string => c.name ?? c.center;

export function platformView({ centers, posts, self, now }: PlatformInput): PlatformView {
  const listed: PlatformCenter[] = [...new Set(centers)].map((center) => {
    const state = posts.get(center) ?? null;
    return state === null ? { center, name: null, reported: false, self: center === self } : reporting(state, self, now);
  });
  listed.sort((a, b) => Number(b.reported) - Number(a.reported) || label(a).localeCompare(label(b), 'de') || a.center.localeCompare(b.center));
  return { at: now, center: self, callsToJudge: CALLS_TO_JUDGE, centers: listed };
}
