import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ServiceCalendar } from '../calendar/service-calendar.js';
import { noteSchedule } from './due.js';
import type { NewNote, Note } from './model.js';
import type { NotesQueue } from './queue.js';
import { dueServiceMsFor, type NotesSettings } from './settings.js';
import type { NoteListStatus, NoteStore } from './store.js';

export interface NotesServiceDeps {
  readonly store: NoteStore;
  readonly queue: NotesQueue;
  /** The county service center's calendar: notes are due by its hours (see `countyCalendar`). */
  readonly calendar: ServiceCalendar;
  readonly settings: NotesSettings;
  readonly log: Logger;
  readonly now?: () => number;
  readonly newId?: () => string;
}

/** Filing, reading and closing callback notes; what the HTTP routes call. */
export class NotesService {
  readonly settings: NotesSettings;
  readonly now: () => number;
  private readonly newId: () => string;

  constructor(private readonly d: NotesServiceDeps) {
    this.settings = d.settings;
    this.now = d.now ?? Date.now;
    this.newId = d.newId ?? randomUUID;
  }

  /**
   * Stores the note, then queues its jobs. The note is durable once stored: if queueing fails (Redis
   * away for a moment), it stays marked unscheduled and the worker's sweep queues its jobs.
   */
  async create(input: NewNote, createdBy: string): Promise<Note> {
    const createdAt = this.now();
    const { dueAt, remindAt } = noteSchedule(this.d.calendar, createdAt, dueServiceMsFor(this.settings, input.municipality));
    const note: Note = { id: this.newId(), ...input, createdBy, createdAt, dueAt, remindAt, status: 'open', deliveries: [] };
    await this.d.store.create(note);
    this.d.log.info({ noteId: note.id, municipality: note.municipality, createdBy, dueAt, event: 'note.created' }, 'callback note filed');
    try {
      await this.d.queue.schedule(note);
      await this.d.store.markScheduled(note.id);
    } catch (err) {
      this.d.log.warn({ noteId: note.id, err: err instanceof Error ? err.message : String(err) }, 'callback note jobs not queued yet: the sweep will');
    }
    return note;
  }

  get(id: string): Promise<Note | null> {
    return this.d.store.get(id);
  }

  list(municipality: string, status: NoteListStatus, limit: number): Promise<Note[]> {
    return this.d.store.list(municipality, status, limit);
  }

  /** Closes the note (erasing the caller's number); `changed` false if it was closed before. null: no such note. */
  async markDone(id: string, by: string): Promise<{ readonly note: Note; readonly changed: boolean } | null> {
    const r = await this.d.store.markDone(id, by, this.now());
    if (!r) return null;
    if (r.result === 'done') {
      this.d.log.info({ noteId: id, municipality: r.note.municipality, doneBy: by, event: 'note.done', late: (r.note.doneAt ?? 0) > r.note.dueAt }, 'callback note done');
    }
    return { note: r.note, changed: r.result === 'done' };
  }
}
