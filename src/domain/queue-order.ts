/**
 * Queue order is one number per call: lower is served first. Priority bands are far apart, so a
 * call of a higher band is always ahead; inside a band calls are ordered by arrival (epoch ms).
 * Bands 0..MAX_PRIORITY (the highest served first); calls without a priority are in band 0.
 */
export const BAND_WIDTH = 1e13;
export const MAX_PRIORITY = 9;

/** Priorities outside 0..MAX_PRIORITY are clamped (the deployment file checks the range). */
export const clampPriority = (p: number): number => Math.min(MAX_PRIORITY, Math.max(0, Math.trunc(p)));

export const queueScore = (priority: number, arrivedAt: number): number => (MAX_PRIORITY - clampPriority(priority)) * BAND_WIDTH + arrivedAt;

/** How many waiting calls one assignment step looks at to find one an available agent can serve. */
export const ASSIGN_SCAN = 200;
