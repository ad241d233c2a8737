import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { NoteKeys } from './keys.js';
import type { DeliveryTarget, Note, NoteDelivery, NoteEvent, NotifyKind } from './model.js';

export type NoteListStatus = 'open' | 'done' | 'all';

/** What marking a reminder or escalation as fired found. */
export type FireResult =
  /** Recorded now: notify. */
  | 'fired'
  /** Recorded by an earlier attempt that did not get to notify (a crash or a failed hook): notify again. */
  | 'again'
  /** Recorded and notified already: nothing to do. */
  | 'notified'
  /** The note was closed in time: nothing to do. */
  | 'done'
  | 'missing';

/** Durable callback notes. */
export interface NoteStore {
  /** Stores a new note as open, and as not yet scheduled (see `unscheduled`). */
  create(note: Note): Promise<void>;
  get(id: string): Promise<Note | null>;
  /** A municipality's notes: open ones by due time (soonest first), closed ones latest due first; `all`: open, then closed. */
  list(municipality: string, status: NoteListStatus, limit: number): Promise<Note[]>;
  /** Every open note's id and due time, soonest first. */
  openNotes(limit: number): Promise<{ id: string; dueAt: number }[]>;
  /**
   * Closes the note and ERASES the caller's number, atomically. `already-done` leaves it as it was
   * (first closer and time kept). null: no such note.
   */
  markDone(id: string, by: string, at: number): Promise<{ readonly result: 'done' | 'already-done'; readonly note: Note } | null>;
  /** Records `remindedAt` / `escalatedAt` (once) if the note is still open. */
  markFired(id: string, kind: NotifyKind, at: number): Promise<FireResult>;
  /** The `notify` hook has been told about the reminder / escalation. */
  markNotified(id: string, kind: NotifyKind, at: number): Promise<void>;
  /** The summary of one (event, target) delivery so far, or null. */
  delivery(id: string, event: NoteEvent, target: DeliveryTarget): Promise<NoteDelivery | null>;
  recordDelivery(id: string, delivery: NoteDelivery): Promise<void>;
  /** Ids of notes whose jobs may be missing (queued after the note was stored; a failure in between leaves them here). */
  unscheduled(limit: number): Promise<string[]>;
  markScheduled(id: string): Promise<void>;
}

const FIRED_AT: Record<NotifyKind, 'remindedAt' | 'escalatedAt'> = { reminder: 'remindedAt', escalation: 'escalatedAt' };
const NOTIFIED: Record<NotifyKind, string> = { reminder: 'notified:reminder', escalation: 'notified:escalation' };
const DELIVERY_FIELD = 'delivery:';
const deliveryField = (event: NoteEvent, target: DeliveryTarget): string => `${DELIVERY_FIELD}${event}:${target}`;

/** A Lua script run by EVALSHA, loaded with EVAL the first time a server has not seen it. */
export class Script {
  private readonly sha: string;
  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

/** KEYS: note, town open, town done, all open, all done. ARGV: id, doneAt, doneBy. */
const MARK_DONE = new Script(`
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 'missing' end
if status == 'done' then return 'already-done' end
redis.call('HSET', KEYS[1], 'status', 'done', 'doneAt', ARGV[2], 'doneBy', ARGV[3])
redis.call('HDEL', KEYS[1], 'callerNumber')
local due = redis.call('HGET', KEYS[1], 'dueAt')
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('ZADD', KEYS[3], due, ARGV[1])
redis.call('ZADD', KEYS[5], ARGV[2], ARGV[1])
return 'done'
`);

/** KEYS: note. ARGV: fired-at field, notified field, now. */
const MARK_FIRED = new Script(`
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 'missing' end
if status ~= 'open' then return 'done' end
if redis.call('HEXISTS', KEYS[1], ARGV[2]) == 1 then return 'notified' end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[3]) == 1 then return 'fired' end
return 'again'
`);

/** KEYS: note. ARGV: field, value. Never brings a deleted note back as a stub. */
const SET_IF_EXISTS = new Script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`);

const toHash = (note: Note): Record<string, string> => {
  const h: Record<string, string> = {
    id: note.id,
    municipality: note.municipality,
    name: note.name,
    topic: note.topic,
    text: note.text,
    createdBy: note.createdBy,
    createdAt: String(note.createdAt),
    dueAt: String(note.dueAt),
    remindAt: String(note.remindAt),
    status: note.status,
  };
  if (note.callId !== undefined) h.callId = note.callId;
  if (note.department !== undefined) h.department = note.department;
  if (note.callerNumber !== undefined) h.callerNumber = note.callerNumber;
  if (note.numberErasedAt !== undefined) h.numberErasedAt = String(note.numberErasedAt);
  if (note.remindedAt !== undefined) h.remindedAt = String(note.remindedAt);
  if (note.escalatedAt !== undefined) h.escalatedAt = String(note.escalatedAt);
  if (note.doneAt !== undefined) h.doneAt = String(note.doneAt);
  if (note.doneBy !== undefined) h.doneBy = note.doneBy;
  for (const d of note.deliveries) h[deliveryField(d.event, d.target)] = JSON.stringify(d);
  return h;
};

const EVENT_ORDER: Record<NoteEvent, number> = { created: 0, reminder: 1, escalation: 2 };

const fromHash = (h: Record<string, string>): Note | null => {
  if (h.id === undefined || h.status === undefined) return null;
  const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  const deliveries = Object.entries(h)
    .filter(([k]) => k.startsWith(DELIVERY_FIELD))
    .map(([, v]) => JSON.parse(v) as NoteDelivery)
    .sort((a, b) => EVENT_ORDER[a.event] - EVENT_ORDER[b.event] || a.target.localeCompare(b.target));
  const note: Note = {
    id: h.id,
    ...(h.callId !== undefined ? { callId: h.callId } : {}),
    municipality: h.municipality ?? '',
    ...(h.department !== undefined ? { department: h.department } : {}),
    ...(h.callerNumber !== undefined ? { callerNumber: h.callerNumber } : {}),
    ...(h.numberErasedAt !== undefined ? { numberErasedAt: Number(h.numberErasedAt) } : {}),
    name: h.name ?? '',
    topic: h.topic ?? '',
    text: h.text ?? '',
    createdBy: h.createdBy ?? '',
    createdAt: Number(h.createdAt),
    dueAt: Number(h.dueAt),
    remindAt: Number(h.remindAt),
    status: h.status === 'done' ? 'done' : 'open',
    ...(h.remindedAt !== undefined ? { remindedAt: num(h.remindedAt) } : {}),
    ...(h.escalatedAt !== undefined ? { escalatedAt: num(h.escalatedAt) } : {}),
    ...(h.doneAt !== undefined ? { doneAt: num(h.doneAt) } : {}),
    ...(h.doneBy !== undefined ? { doneBy: h.doneBy } : {}),
    deliveries,
  };
  return note;
};

/** Notes in Redis: one hash per note, sorted sets per municipality and status (see NoteKeys). */
export class RedisNoteStore implements NoteStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: NoteKeys,
  ) {}

  async create(note: Note): Promise<void> {
    if (note.status !== 'open') throw new Error('a new note is open');
    await this.redis
      .multi()
      .hset(this.keys.note(note.id), toHash(note))
      .zadd(this.keys.townOpen(note.municipality), note.dueAt, note.id)
      .zadd(this.keys.open, note.dueAt, note.id)
      .sadd(this.keys.unscheduled, note.id)
      .exec()
      .then(failedInside);
  }

  async get(id: string): Promise<Note | null> {
    return fromHash(await this.redis.hgetall(this.keys.note(id)));
  }

  async list(municipality: string, status: NoteListStatus, limit: number): Promise<Note[]> {
    const ids: string[] = [];
    if (status !== 'done') ids.push(...(await this.redis.zrange(this.keys.townOpen(municipality), 0, limit - 1)));
    if (status !== 'open' && ids.length < limit) {
      ids.push(...(await this.redis.zrevrange(this.keys.townDone(municipality), 0, limit - ids.length - 1)));
    }
    return this.getMany(ids);
  }

  async openNotes(limit: number): Promise<{ id: string; dueAt: number }[]> {
    const flat = await this.redis.zrange(this.keys.open, 0, limit - 1, 'WITHSCORES');
    const out: { id: string; dueAt: number }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) out.push({ id: flat[i] as string, dueAt: Number(flat[i + 1]) });
    return out;
  }

  async markDone(id: string, by: string, at: number): Promise<{ result: 'done' | 'already-done'; note: Note } | null> {
    const municipality = await this.redis.hget(this.keys.note(id), 'municipality');
    if (municipality === null) return null;
    const result = await MARK_DONE.run(
      this.redis,
      [this.keys.note(id), this.keys.townOpen(municipality), this.keys.townDone(municipality), this.keys.open, this.keys.done],
      [id, at, by],
    );
    if (result === 'missing') return null;
    const note = await this.get(id);
    return note ? { result: result === 'done' ? 'done' : 'already-done', note } : null;
  }

  async markFired(id: string, kind: NotifyKind, at: number): Promise<FireResult> {
    return (await MARK_FIRED.run(this.redis, [this.keys.note(id)], [FIRED_AT[kind], NOTIFIED[kind], at])) as FireResult;
  }

  async markNotified(id: string, kind: NotifyKind, at: number): Promise<void> {
    await SET_IF_EXISTS.run(this.redis, [this.keys.note(id)], [NOTIFIED[kind], at]);
  }

  async delivery(id: string, event: NoteEvent, target: DeliveryTarget): Promise<NoteDelivery | null> {
    const json = await this.redis.hget(this.keys.note(id), deliveryField(event, target));
    return json === null ? null : (JSON.parse(json) as NoteDelivery);
  }

  async recordDelivery(id: string, delivery: NoteDelivery): Promise<void> {
    await SET_IF_EXISTS.run(this.redis, [this.keys.note(id)], [deliveryField(delivery.event, delivery.target), JSON.stringify(delivery)]);
  }

  async unscheduled(limit: number): Promise<string[]> {
    return (await this.redis.sscan(this.keys.unscheduled, '0', 'COUNT', limit))[1].slice(0, limit);
  }

  async markScheduled(id: string): Promise<void> {
    await this.redis.srem(this.keys.unscheduled, id);
  }

  private async getMany(ids: readonly string[]): Promise<Note[]> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keys.note(id));
    const replies = (await pipeline.exec()) ?? [];
    const notes: Note[] = [];
    for (const [err, hash] of replies) {
      if (err) throw err;
      const note = fromHash(hash as Record<string, string>);
      if (note) notes.push(note);
    }
    return notes;
  }
}

/** MULTI answers errors per command instead of rejecting: surface the first one. */
const failedInside = (replies: [Error | null, unknown][] | null): void => {
  if (replies === null) throw new Error('redis transaction aborted');
  for (const [err] of replies) if (err) throw err;
};
