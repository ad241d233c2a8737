/** The callback notes' part of a statistics report: counts from the notes module, and their compliance. */
import { rate } from './arithmetic.js';
import type { Span } from './time.js';

/**
 * Callback notes, counted by the notes module (an injected `NotesSummary`). Unless said otherwise
 * they are about the notes FILED in the range (and the municipality, when given):
 */
export interface NotesCounts {
  /** Notes filed in the range. */
  readonly filed: number;
  /** Of those, still open now. */
  readonly open: number;
  /** Of those open, past their due instant (24 service hours after filing) now. */
  readonly overdue: number;
  /** Of those filed, closed (done) by now. */
  readonly closed: number;
  /** Of those closed, closed at or before their due instant. */
  readonly closedInTime: number;
  /** Notes DUE in the range (their due instant lies in it), whenever filed, open or closed. */
  readonly due: number;
}

export interface NotesFigures extends NotesCounts {
  /** closedInTime ÷ (closed + overdue): of the notes whose time is up or that are done, the share closed in time. */
  readonly compliance: number | null;
  /** False when no notes summary is wired in: every count is 0. */
  readonly available: boolean;
}

/** How the notes module answers: the counts for [start, end), of one municipality or (undefined) all. */
export type NotesSummary = (range: Span, municipality?: string) => Promise<NotesCounts>;

export const NO_NOTES: NotesCounts = { filed: 0, open: 0, overdue: 0, closed: 0, closedInTime: 0, due: 0 };

export const notesFigures = (c: NotesCounts, available: boolean): NotesFigures => ({
  ...c,
  compliance: rate(c.closedInTime, c.closed + c.overdue),
  available,
});
