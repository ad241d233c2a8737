import type { NoteFigures } from './model.js';
import type { NoteStore } from './store.js';

/** Counts of callback notes for the statistics (see NotesCounts in src/stats). */
export interface NoteCounts {
  readonly filed: number;
  readonly open: number;
  readonly overdue: number;
  readonly closed: number;
  readonly closedInTime: number;
  readonly due: number;
}

/** At most this many notes per town are looked at for one summary. */
const LIMIT = 100_000;

/**
 * The statistics' view of callback notes in [start, end): filed in the range (and of those: open,
 * overdue now, closed, closed by their due instant), and due in the range, per town or all towns.
 * `source`: what to count per municipality, `Notes.figures` (the notes and the figures of deleted
 * closed notes, so the counts do not drop when the retention purge deletes notes), or a store.
 */
export function notesSummary(source: NoteStore | ((municipality: string) => Promise<readonly NoteFigures[]>), municipalities: readonly string[], now: () => number) {
  const read = typeof source === 'function' ? source : (m: string) => source.list(m, 'all', LIMIT);
  return async (range: { readonly start: number; readonly end: number }, municipality?: string): Promise<NoteCounts> => {
    const towns = municipality === undefined || municipality === 'all' ? municipalities : [municipality];
    const notes: NoteFigures[] = (await Promise.all(towns.map((t) => read(t)))).flat();
    const at = now();
    const filed = notes.filter((n) => n.createdAt >= range.start && n.createdAt < range.end);
    const open = filed.filter((n) => n.status === 'open');
    const closed = filed.filter((n) => n.status === 'done');
    return {
      filed: filed.length,
      open: open.length,
      overdue: open.filter((n) => at >= n.dueAt).length,
      closed: closed.length,
      closedInTime: closed.filter((n) => (n.doneAt ?? Number.POSITIVE_INFINITY) <= n.dueAt).length,
      due: notes.filter((n) => n.dueAt >= range.start && n.dueAt < range.end).length,
    };
  };
}
