/**
 * Callback notes per local day, by the statistics' definitions (README, "Statistics",
 * `callbackNotes`): a note counts on the day it was FILED for `filed`, `open`, `overdue`, `closed`
 * and `closedInTime` (open and overdue as of now), and on the day it is DUE for `due`. Each count is
 * a sum over days, so a range's counts are its days' sums. Notes are kept in Redis until closed and
 * beyond (they are not per-call records), so every report reads them as they are now. Pure.
 */
import type { NotesCounts } from '../stats/index.js';
import { localDate } from '../stats/time.js';

/** What the counts need of a note (src/notes `Note`). */
export interface NoteLike {
  readonly municipality: string;
  readonly createdAt: number;
  readonly dueAt: number;
  readonly status: 'open' | 'done';
  readonly doneAt?: number;
}

export const ZERO_NOTES: NotesCounts = { filed: 0, open: 0, overdue: 0, closed: 0, closedInTime: 0, due: 0 };

export const addNotes = (a: NotesCounts, b: NotesCounts): NotesCounts => ({
  filed: a.filed + b.filed,
  open: a.open + b.open,
  overdue: a.overdue + b.overdue,
  closed: a.closed + b.closed,
  closedInTime: a.closedInTime + b.closedInTime,
  due: a.due + b.due,
});

/** Counts by local date (only dates in `fromDate`..`toDate`), of the notes given. */
export function notesByDay(notes: Iterable<NoteLike>, timezone: string, fromDate: string, toDate: string, now: number): Map<string, NotesCounts> {
  const out = new Map<string, NotesCounts>();
  const bump = (date: string, add: Partial<NotesCounts>): void => {
    if (date < fromDate || date > toDate) return;
    out.set(date, addNotes(out.get(date) ?? ZERO_NOTES, { ...ZERO_NOTES, ...add }));
  };
  for (const n of notes) {
    const open = n.status === 'open';
    const closed = n.status === 'done';
    bump(localDate(timezone, n.createdAt), {
      filed: 1,
      open: open ? 1 : 0,
      overdue: open && now >= n.dueAt ? 1 : 0,
      closed: closed ? 1 : 0,
      closedInTime: closed && (n.doneAt ?? Number.POSITIVE_INFINITY) <= n.dueAt ? 1 : 0,
    });
    bump(localDate(timezone, n.dueAt), { due: 1 });
  }
  return out;
}
