/**
 * `serviceCenter.targets` and `towns[].targets` in the deployment file: every field optional, so
 * the same schema reads the center's block (what it leaves out is today's value) and a town's
 * (what it leaves out is the center's). Whether an amber band fits its target is checked on the
 * merged values in target-bands.ts, so a town that moves only the target is judged too.
 */
import { z } from 'zod';
import { HOUR_MS, type TargetOverrides } from './service-targets.js';

const SHARE_HINT = 'a share between 0 and 1, e.g. 0.75 for 75 %';

const share = z.number().min(0, `must be ${SHARE_HINT}`).max(1, `must be ${SHARE_HINT}`);

const seconds = z.number().int('must be a whole number of seconds').min(1, 'must be at least 1 second').max(3600, 'must be at most 3600 seconds (one hour)');

const group = <T extends z.ZodRawShape>(shape: T) => z.object(shape).strict().partial();

export const targetsInput = z
  .object({
    serviceLevel: group({
      // 100 % is never reached with traffic: the staffing advice (Erlang C) could not answer.
      share: z.number().gt(0, `must be ${SHARE_HINT}, above 0`).lt(1, `must be ${SHARE_HINT}, below 1 (100 % cannot be staffed for)`),
      withinSec: seconds,
      amberFrom: share,
    }),
    asa: group({ maxSec: seconds, amberUpToSec: seconds }),
    abandonment: group({ maxShare: share, amberUpTo: share }),
    fcr: group({ minShare: share, amberFrom: share }),
    noteReply: group({
      withinServiceHours: z.number().int('must be a whole number of service hours').min(1, 'must be at least 1 service hour').max(240, 'must be at most 240 service hours'),
      amberUpToOverdue: z.number().int('must be a whole number of notes').min(0, 'must be 0 or more notes'),
    }),
  })
  .strict()
  .partial()
  .transform((t): TargetOverrides => {
    const out: { -readonly [K in keyof TargetOverrides]: TargetOverrides[K] } = {};
    if (t.serviceLevel) out.serviceLevel = { ...pick(t.serviceLevel, 'share', 'amberFrom'), ...ms('withinMs', t.serviceLevel.withinSec, 1000) };
    if (t.asa) out.asa = { ...ms('maxMs', t.asa.maxSec, 1000), ...ms('amberUpToMs', t.asa.amberUpToSec, 1000) };
    if (t.abandonment) out.abandonment = pick(t.abandonment, 'maxShare', 'amberUpTo');
    if (t.fcr) out.fcr = pick(t.fcr, 'minShare', 'amberFrom');
    if (t.noteReply) out.noteReply = { ...ms('withinServiceMs', t.noteReply.withinServiceHours, HOUR_MS), ...pick(t.noteReply, 'amberUpToOverdue') };
    return out;
  });

/** Only the fields that were written (an absent one must not override the center's with undefined). */
const pick = <T extends object, K extends keyof T>(o: T, ...keys: K[]): { [P in K]?: Exclude<T[P], undefined> } =>
  Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as { [P in K]?: Exclude<T[P], undefined> };

const ms = <K extends string>(key: K, value: number | undefined, unitMs: number): { [P in K]?: number } =>
  (value === undefined ? {} : { [key]: value * unitMs }) as { [P in K]?: number };
