/**
 * Redis keys of callback notes, under the engine's prefix like every other key
 * (src/adapters/redis/keys.ts). Layout (prefix `ovr:` by default):
 *
 *   note:{id}                    hash  the note's fields (see RedisNoteStore); `delivery:{event}:{target}` = JSON
 *   notes:open                   zset  every open note, score = dueAt
 *   notes:town:{town}:open       zset  the municipality's open notes, score = dueAt
 *   notes:town:{town}:done       zset  its closed notes, score = dueAt
 *   notes:done                   zset  every closed note, score = doneAt: what the retention purge deletes from
 *   notes:town:{town}:purged     zset  what the reports still count of its deleted closed notes, no personal
 *                                      data: member `{createdAt}:{dueAt}:{doneAt}:{id}`, score = createdAt
 *   notes:unscheduled            set   ids of notes whose jobs may not have been queued yet
 *   note-filings:{filer}:{hour}  string notes filed by one person in one hour (epoch hour); TTL 1 h
 *   note-jobs:*                  BullMQ's keys of the queue `note-jobs` (BullMQ prefix = the engine prefix)
 */
export class NoteKeys {
  readonly open: string;
  readonly done: string;
  readonly unscheduled: string;
  /** BullMQ's `prefix` option: the engine prefix without its trailing ":" (BullMQ adds one). */
  readonly bullPrefix: string;

  constructor(readonly prefix = 'ovr:') {
    this.open = `${prefix}notes:open`;
    this.done = `${prefix}notes:done`;
    this.unscheduled = `${prefix}notes:unscheduled`;
    this.bullPrefix = prefix.endsWith(':') ? prefix.slice(0, -1) : prefix;
  }

  note(id: string): string {
    return `${this.prefix}note:${id}`;
  }

  townOpen(town: string): string {
    return `${this.prefix}notes:town:${town}:open`;
  }

  townDone(town: string): string {
    return `${this.prefix}notes:town:${town}:done`;
  }

  townPurged(town: string): string {
    return `${this.prefix}notes:town:${town}:purged`;
  }

  filings(filer: string, hour: number): string {
    return `${this.prefix}note-filings:${filer}:${hour}`;
  }
}

/** Name of the BullMQ queue holding the notes' jobs (no ":" allowed by BullMQ). */
export const NOTES_QUEUE = 'note-jobs';
