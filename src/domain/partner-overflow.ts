/**
 * When a caller of one service center may be offered to a partner center's agents (the 115 network:
 * centers take each other's calls). Pure: the caller's wait, the home center's state and the
 * partner's load come in, the answer and its reason go out.
 *
 * A caller may go to the partner when at least one of the rule's triggers holds:
 * - they have waited at least `afterWaitMs`;
 * - their center's estimated wait for them is at least `estimatedWaitOverMs`;
 * - their center is closed, or has nobody logged in, while the partner is open (`whenClosed`,
 *   `whenNobodyLoggedIn`);
 * and only while the partner can spare an agent without its own callers paying for it: the partner
 * is open, has a free agent, has none of its own callers waiting (they go first), and serves its
 * own callers within its target over the recent window (or has had too few calls to judge).
 */

/** One partner of a center, and when its callers may go there. Absent triggers never fire. */
export interface PartnerRule {
  readonly partner: string;
  readonly afterWaitMs?: number;
  readonly estimatedWaitOverMs?: number;
  readonly whenClosed?: boolean;
  readonly whenNobodyLoggedIn?: boolean;
}

/** The home center as it stands for this caller. */
export interface HomeCenter {
  readonly open: boolean;
  /** Agents logged in (available, talking, in wrap-up or offered; not logged out). */
  readonly loggedIn: number;
}

/** The partner center's own load right now, and its service level over the recent window. */
export interface PartnerLoad {
  readonly open: boolean;
  /** Agents free to take a call now. */
  readonly freeAgents: number;
  /** The partner's own callers waiting. */
  readonly ownWaiting: number;
  /** Its own calls in the window: how many arrived and were answered or abandoned, and how many were answered within its target time. */
  readonly window: { readonly calls: number; readonly withinTarget: number };
  /** Its service level target: this share of its calls answered within its target time. */
  readonly targetShare: number;
}

/** Fewer calls than this in the window say nothing about the partner's service level. */
export const CALLS_TO_JUDGE = 10;

export type BorrowTrigger = 'waited' | 'estimated-wait' | 'closed' | 'nobody-logged-in';
export type BorrowRefusal = 'no-trigger' | 'partner-closed' | 'partner-busy' | 'partner-own-callers-waiting' | 'partner-below-target';

export type BorrowDecision =
  | { readonly allowed: true; readonly trigger: BorrowTrigger }
  | { readonly allowed: false; readonly why: BorrowRefusal };

/** The caller's wait so far and their center's estimate of what is still to come. */
export interface WaitingCaller {
  readonly waitedMs: number;
  /** Null when the center cannot estimate (nobody logged in, no history). */
  readonly estimatedWaitMs: number | null;
}

export function mayBorrow(caller: WaitingCaller, home: HomeCenter, rule: PartnerRule, partner: PartnerLoad): BorrowDecision {
  const trigger = triggerOf(caller, home, rule, partner);
  if (trigger === null) return { allowed: false, why: 'no-trigger' };
  if (!partner.open) return { allowed: false, why: 'partner-closed' };
  if (partner.ownWaiting > 0) return { allowed: false, why: 'partner-own-callers-waiting' };
  if (partner.freeAgents <= 0) return { allowed: false, why: 'partner-busy' };
  if (!withinTarget(partner)) return { allowed: false, why: 'partner-below-target' };
  return { allowed: true, trigger };
}

/** Whether the partner serves its own callers within its target over the window. */
export function withinTarget(partner: Pick<PartnerLoad, 'window' | 'targetShare'>): boolean {
  if (partner.window.calls < CALLS_TO_JUDGE) return true;
  return partner.window.withinTarget / partner.window.calls >= partner.targetShare;
}

/** The first trigger that holds, in the order a report names them; closed and nobody-in first. */
function triggerOf(caller: WaitingCaller, home: HomeCenter, rule: PartnerRule, partner: PartnerLoad): BorrowTrigger | null {
  if (rule.whenClosed && !home.open && partner.open) return 'closed';
  if (rule.whenNobodyLoggedIn && home.open && home.loggedIn === 0 && partner.open) return 'nobody-logged-in';
  if (rule.afterWaitMs !== undefined && caller.waitedMs >= rule.afterWaitMs) return 'waited';
  if (rule.estimatedWaitOverMs !== undefined && caller.estimatedWaitMs !== null && caller.estimatedWaitMs >= rule.estimatedWaitOverMs) return 'estimated-wait';
  return null;
}
