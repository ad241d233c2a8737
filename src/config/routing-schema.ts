import { z } from 'zod';
import { levelOne, type RoutingStepRequest, type SkillLevels } from '../domain/routing-steps.js';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const skill = z.string().regex(KEBAB, 'a skill must be kebab-case, e.g. "dgs" or "quickborn"');

const level = z
  .number({ invalid_type_error: 'a skill level must be a whole number from 1 to 9' })
  .int('a skill level must be a whole number from 1 to 9')
  .min(1, 'a skill level must be at least 1')
  .max(9, 'a skill level must be at most 9');

/** Skills with levels: `{ dgs: 3, gewerbe: 2 }`, or a plain list (`[dgs, en]`: level 1 each). */
export const skillLevels = z.preprocess(
  (v) => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? levelOne(v) : v),
  z.record(skill, level, { invalid_type_error: 'must be a list of skills or a mapping of skill to level, e.g. { dgs: 3 }' }),
);

/** Seconds until a call's skill needs widen to any agent; null or left out: never. */
const widenAfter = z
  .number()
  .int('must be a whole number of seconds')
  .min(0, 'must be at least 0 seconds')
  .max(3600, 'must be at most 3600 seconds (one hour)')
  .nullable()
  .default(null);

const step = z
  .object({
    skills: skillLevels.optional(),
    forSec: z.number().int('must be a whole number of seconds').min(1, 'must be at least 1 second').max(3600, 'must be at most 3600 seconds (one hour)').optional(),
    anyAgent: z.literal(true, { invalid_type_error: 'is either true or left out' }).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const skills = s.skills === undefined ? 0 : Object.keys(s.skills).length;
    if (s.anyAgent && skills > 0) ctx.addIssue({ code: 'custom', path: ['anyAgent'], message: 'a step either requires skills or takes any agent, not both' });
    if (!s.anyAgent && skills === 0) ctx.addIssue({ code: 'custom', path: ['skills'], message: 'a step requires at least one skill (or write anyAgent: true as the last step)' });
    if (s.anyAgent && s.forSec !== undefined) ctx.addIssue({ code: 'custom', path: ['forSec'], message: '"any agent" is the last step and lasts for as long as the call waits: remove forSec' });
  });

/**
 * The routing fields of an entry or a town. Either the short form, `needs` (level 1 each) with
 * `widenAfterSec`, or `steps`, each with `skills` (levels) and `forSec`, in order; after the last
 * step with a `forSec`, any agent. `prefer: highest-level` offers the call to the matching agent
 * with the highest levels first (else the longest idle).
 */
export const routingFields = {
  needs: z.array(skill).default([]),
  widenAfterSec: widenAfter,
  steps: z.array(step).min(1, 'needs at least one step, or leave steps out').optional(),
  prefer: z.enum(['longest-idle', 'highest-level']).default('longest-idle'),
};

type RoutingInput = {
  readonly needs: readonly string[];
  readonly widenAfterSec: number | null;
  readonly steps?: readonly { readonly skills?: unknown; readonly forSec?: number; readonly anyAgent?: true }[] | undefined;
};

/** Problems of the routing fields that concern more than one of them. */
export function checkRouting(r: RoutingInput, ctx: z.RefinementCtx): void {
  if (r.steps === undefined) return;
  if (r.needs.length > 0 || r.widenAfterSec !== null) {
    ctx.addIssue({ code: 'custom', path: ['steps'], message: 'use either steps or needs (with widenAfterSec), not both' });
  }
  r.steps.forEach((s, i) => {
    const last = i === (r.steps?.length ?? 0) - 1;
    if (!last && s.anyAgent) ctx.addIssue({ code: 'custom', path: ['steps', i, 'anyAgent'], message: '"any agent" can only be the last step' });
    if (!last && !s.anyAgent && s.forSec === undefined) ctx.addIssue({ code: 'custom', path: ['steps', i, 'forSec'], message: 'every step but the last needs forSec (how long it lasts)' });
  });
}

/** The steps a deployment asks for, from either form. */
export function routingSteps(r: RoutingInput): RoutingStepRequest[] {
  if (r.steps === undefined) {
    return r.needs.length === 0 ? [] : [{ skills: levelOne(r.needs), forMs: r.widenAfterSec === null ? null : r.widenAfterSec * 1000 }];
  }
  return r.steps.map((s) => ({ skills: s.anyAgent ? {} : ((s.skills ?? {}) as SkillLevels), forMs: s.forSec === undefined ? null : s.forSec * 1000 }));
}
