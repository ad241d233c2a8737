/**
 * Personal data in callback notes only as long as needed (docs/data-protection.md):
 *
 * - the citizen's number of a note still OPEN is erased `retention.openNoteNumberGraceHours` after
 *   the note was due (closing a note erases it at once, see MARK_DONE in store.ts); the note stays
 *   open, marked `numberErasedAt`, and the inbox says the number was erased;
 * - a CLOSED note (name, topic, text) is deleted `retention.closedNotesDays` after it was closed.
 *   What the reports count of it (municipality, filed, due, closed: no personal data) is kept in
 *   its place, as long as the report aggregates (`retention.aggregatesDays`), so that a report of
 *   an old month shows the same callback-note figures before and after the purge.
 *
 * `purgeNotes` does all of it; the notes worker runs it as the BullMQ job `purge` of the queue
 * `note-jobs`, hourly and at start (src/notes/queue.ts). Every step is idempotent.
 */
import type { Redis } from 'ioredis';
import type { RetentionConfig } from '../config/deployment.js';
import type { NoteKeys } from './keys.js';
import type { NoteFigures } from './model.js';
import { Script, type NoteStore } from './store.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const BATCH = 500;

export interface NotesRetention {
  /** `retention.closedNotesDays`: a closed note is deleted this long after `doneAt`. */
  readonly closedNotesMs: number;
  /** `retention.openNoteNumberGraceHours`: an open note's number is erased this long after `dueAt`. */
  readonly numberGraceMs: number;
  /** `retention.aggregatesDays`: deleted notes' figures are kept this long after their filing. */
  readonly figuresKeptMs: number;
}

export const notesRetentionOf = (r: RetentionConfig): NotesRetention => ({
  closedNotesMs: r.closedNotesDays * DAY_MS,
  numberGraceMs: r.openNoteNumberGraceHours * HOUR_MS,
  figuresKeptMs: r.aggregatesDays * DAY_MS,
});

export interface NotesPurgeResult {
  readonly numbersErased: number;
  readonly closedNotesDeleted: number;
  readonly figuresTrimmed: number;
}

/** KEYS: note. ARGV: dueBefore, at. Only an open note due before the cutoff that still has a number. */
const ERASE_NUMBER = new Script(`
if redis.call('HGET', KEYS[1], 'status') ~= 'open' then return 0 end
local due = tonumber(redis.call('HGET', KEYS[1], 'dueAt'))
if not due or due >= tonumber(ARGV[1]) then return 0 end
if redis.call('HDEL', KEYS[1], 'callerNumber') == 0 then return 0 end
redis.call('HSET', KEYS[1], 'numberErasedAt', ARGV[2])
return 1
`);

/**
 * Deletes one closed note, leaving its figures. KEYS: note, all done, town done, town purged,
 * unscheduled. ARGV: id, doneBefore, municipality. 1: deleted; 0: not (yet) to be deleted;
 * -1: the note is of another municipality than read before (cannot happen: asked again next run).
 */
const PURGE_CLOSED = new Script(`
local h = redis.call('HMGET', KEYS[1], 'status', 'doneAt', 'municipality', 'createdAt', 'dueAt')
if h[1] ~= 'done' then redis.call('ZREM', KEYS[2], ARGV[1]) return 0 end
local doneAt = tonumber(h[2]) or 0
if doneAt >= tonumber(ARGV[2]) then redis.call('ZADD', KEYS[2], doneAt, ARGV[1]) return 0 end
if h[3] ~= ARGV[3] then return -1 end
redis.call('ZADD', KEYS[4], h[4], h[4] .. ':' .. h[5] .. ':' .. doneAt .. ':' .. ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('SREM', KEYS[5], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[1])
return 1
`);

/**
 * Notes closed before `notes:done` existed are added to it. KEYS: town done, all done. ARGV: the
 * note keys' prefix. The note hashes are reached through ARGV (one Redis, not a cluster).
 */
const ADOPT_CLOSED = new Script(`
local n = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if not redis.call('ZSCORE', KEYS[2], id) then
    local doneAt = redis.call('HGET', ARGV[1] .. id, 'doneAt')
    if doneAt then
      redis.call('ZADD', KEYS[2], doneAt, id)
      n = n + 1
    end
  end
end
return n
`);

/** The notes' retention in Redis (keys: src/notes/keys.ts). */
export class RedisNoteRetention {
  constructor(
    private readonly redis: Redis,
    private readonly keys: NoteKeys,
    private readonly store: NoteStore,
  ) {}

  /** Erases the numbers of open notes due before `dueBefore`; returns how many. */
  async eraseNumbers(dueBefore: number, at: number): Promise<number> {
    let erased = 0;
    for (let offset = 0; ; offset += BATCH) {
      const ids = await this.redis.zrangebyscore(this.keys.open, '-inf', `(${dueBefore}`, 'LIMIT', offset, BATCH);
      for (const id of ids) erased += Number(await ERASE_NUMBER.run(this.redis, [this.keys.note(id)], [dueBefore, at]));
      if (ids.length < BATCH) return erased;
    }
  }

  /** Adds the municipalities' closed notes missing from the `notes:done` index (closed by an older version). */
  async adoptClosed(municipalities: Iterable<string>): Promise<number> {
    let adopted = 0;
    for (const m of municipalities) adopted += Number(await ADOPT_CLOSED.run(this.redis, [this.keys.townDone(m), this.keys.done], [this.keys.note('')]));
    return adopted;
  }

  /** Deletes the notes closed before `doneBefore`, keeping their figures; returns how many. */
  async purgeClosed(doneBefore: number): Promise<number> {
    let deleted = 0;
    for (;;) {
      const ids = await this.redis.zrangebyscore(this.keys.done, '-inf', `(${doneBefore}`, 'LIMIT', 0, BATCH);
      let progressed = false;
      for (const id of ids) {
        const municipality = (await this.redis.hget(this.keys.note(id), 'municipality')) ?? '';
        const k = this.keys;
        const r = Number(await PURGE_CLOSED.run(this.redis, [k.note(id), k.done, k.townDone(municipality), k.townPurged(municipality), k.unscheduled], [id, doneBefore, municipality]));
        if (r === 1) deleted++;
        if (r >= 0) progressed = true;
      }
      if (ids.length < BATCH || !progressed) return deleted;
    }
  }

  /** Drops the figures of deleted notes filed before `createdBefore` (reports no longer reach that far). */
  async trimFigures(createdBefore: number, municipalities: Iterable<string>): Promise<number> {
    let trimmed = 0;
    for (const m of municipalities) trimmed += await this.redis.zremrangebyscore(this.keys.townPurged(m), '-inf', `(${createdBefore}`);
    return trimmed;
  }

  /** What the reports count for a municipality: its notes (every status) and its deleted closed notes' figures. */
  async figures(municipality: string): Promise<NoteFigures[]> {
    const notes: NoteFigures[] = (await this.store.list(municipality, 'all', 100_000)).map((n) => ({
      municipality: n.municipality,
      createdAt: n.createdAt,
      dueAt: n.dueAt,
      status: n.status,
      ...(n.doneAt !== undefined ? { doneAt: n.doneAt } : {}),
    }));
    for (const member of await this.redis.zrange(this.keys.townPurged(municipality), 0, -1)) {
      const [createdAt, dueAt, doneAt] = member.split(':', 3).map(Number);
      notes.push({ municipality, createdAt: createdAt ?? 0, dueAt: dueAt ?? 0, status: 'done', doneAt: doneAt ?? 0 });
    }
    return notes;
  }
}

/** One run of the retention purge at `now`, for the municipalities given (every town and the county). */
export async function purgeNotes(retention: RedisNoteRetention, policy: NotesRetention, municipalities: readonly string[], now: number): Promise<NotesPurgeResult> {
  const numbersErased = await retention.eraseNumbers(now - policy.numberGraceMs, now);
  await retention.adoptClosed(municipalities);
  const closedNotesDeleted = await retention.purgeClosed(now - policy.closedNotesMs);
  const figuresTrimmed = await retention.trimFigures(now - policy.figuresKeptMs, municipalities);
  return { numbersErased, closedNotesDeleted, figuresTrimmed };
}
