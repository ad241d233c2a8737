/**
 * The platform's board: each center's engine posts where it stands, every second, for its partner
 * centers to read; and which center uses which Redis key prefix, so that two centers never share
 * one (their knowledge, notes and sign-ins would mix).
 */

/** A center as its partners see it (src/domain/partner-overflow.ts decides with it). */
export interface CenterState {
  readonly center: string;
  /**
   * Its `serviceCenter.name`, for the platform overview. Optional: a post of an engine from before
   * the name was posted reads without it (the overview shows the id).
   */
  readonly name?: string;
  /** Its engine's ARI application: where a handed-over caller goes. */
  readonly app: string;
  /**
   * Its `REDIS_PREFIX`: where its partners read its knowledge base (read only) for the callers it
   * hands them (src/knowledge/partner-knowledge.ts). Optional: an older engine's post has none, and
   * its partners then show no knowledge of its towns.
   */
  readonly prefix?: string;
  readonly open: boolean;
  /** Agents logged in (any status but logged out). */
  readonly loggedIn: number;
  /** Agents free to take a call now. */
  readonly freeAgents: number;
  /** Callers waiting in its queue. */
  readonly waiting: number;
  /** Its own callers in the recent window, and how many were answered within its target time. */
  readonly window: { readonly calls: number; readonly withinTarget: number };
  /** Its service level target: this share within its target time. */
  readonly targetShare: number;
  /** When it was posted (the poster's clock). */
  readonly at: number;
}

export interface CenterBoard {
  /** Posts this center's state; it disappears after `ttlMs` unless posted again. */
  post(state: CenterState, ttlMs: number): Promise<void>;
  /** A center's latest state; null when none is posted (its engine is not running). */
  read(center: string): Promise<CenterState | null>;
  /**
   * Claims the key prefix for this center: null when it is this center's (now or already), else the
   * center that holds it.
   */
  claimPrefix(prefix: string, center: string): Promise<string | null>;
  /**
   * Every center that has claimed a prefix on this platform (whether its engine runs now or not),
   * sorted: the platform overview lists them all and marks those without a fresh post.
   */
  centers(): Promise<readonly string[]>;
}
