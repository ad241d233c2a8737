/**
 * Routing steps: a waiting call first asks for agents with certain skills at minimum levels, then,
 * step by step as its wait grows, for broader ones, the last step possibly any agent. Agents have a
 * level per skill (1 the lowest); an agent meets a step when it has every skill of the step at
 * least at the step's level.
 */

/** Skill → level (a whole number from 1). */
export type SkillLevels = Readonly<Record<string, number>>;

/** Which matching agent is offered the call: the longest idle, or the one with the highest levels. */
export type RoutingPreference = 'longest-idle' | 'highest-level';

/** A step as configured: the skills it requires ({}: any agent) and how long it lasts (null: for as long as the call waits). */
export interface RoutingStepRequest {
  readonly skills: SkillLevels;
  readonly forMs: number | null;
}

/** A step of a queued call, with the instant it ends (null: it lasts for as long as the call waits). */
export interface QueueStep {
  readonly skills: SkillLevels;
  readonly until: number | null;
}

/** The step in force at `at`: the first not yet over; null once every step is over (any agent). */
export function stepAt(steps: readonly QueueStep[], at: number): QueueStep | null {
  return steps.find((s) => s.until === null || s.until > at) ?? null;
}

/** Whether an agent with these levels meets the step. */
export function meets(agent: SkillLevels, step: SkillLevels): boolean {
  return Object.entries(step).every(([skill, min]) => (agent[skill] ?? 0) >= min);
}

/** An agent's standing for a step when the highest level is preferred: the sum of its levels in the step's skills. */
export function levelScore(agent: SkillLevels, step: SkillLevels): number {
  return Object.keys(step).reduce((sum, skill) => sum + (agent[skill] ?? 0), 0);
}

/** The steps from the configured durations, starting when the call enters the queue. */
export function stepsFrom(requests: readonly RoutingStepRequest[], queuedAt: number): QueueStep[] {
  let start = queuedAt;
  const out: QueueStep[] = [];
  for (const r of requests) {
    if (Object.keys(r.skills).length === 0) break; // any agent: nothing more to require
    const until = r.forMs === null ? null : start + r.forMs;
    out.push({ skills: r.skills, until });
    if (until === null) break;
    start = until;
  }
  return out;
}

/** Whether the call's last step requires skills for as long as it waits (it never reaches "any agent"). */
export function neverWidens(steps: readonly QueueStep[]): boolean {
  const last = steps[steps.length - 1];
  return last !== undefined && last.until === null;
}

/** Every step still to come at `at` (the one in force included). */
export function stepsLeft(steps: readonly QueueStep[], at: number): QueueStep[] {
  return steps.filter((s) => s.until === null || s.until > at);
}

/** Level 1 for each skill of a plain list (the short form `needs: [dgs]`). */
export const levelOne = (skills: readonly string[]): SkillLevels => Object.fromEntries(skills.map((s) => [s, 1]));
