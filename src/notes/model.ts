/**
 * A callback note: the agent could not settle the caller's matter, so the town (or the county
 * itself) calls the citizen back within the note reply time of the targets (`serviceCenter.targets.noteReply`, a town's own if set).
 *
 * Times are epoch milliseconds, like the call records'. Optional fields are absent, not null:
 * `callerNumber` in particular is REMOVED from the stored note when it is closed, or when it is
 * still open `retention.openNoteNumberGraceHours` after it was due; a closed note itself is deleted
 * `retention.closedNotesDays` after it was closed (src/notes/retention.ts).
 */

export type NoteStatus = 'open' | 'done';

/** What a webhook delivery is about. */
export type NoteEvent = 'created' | 'reminder' | 'escalation';

/** Who a webhook delivery goes to: the note's municipality, or the service center's escalation webhook. */
export type DeliveryTarget = 'town' | 'escalation';

/** The webhook attempts for one (event, target) pair. */
export interface NoteDelivery {
  readonly event: NoteEvent;
  readonly target: DeliveryTarget;
  /** Requests sent so far. */
  readonly attempts: number;
  readonly lastAttemptAt: number;
  /** HTTP status of the last answer; null if there was none (refused, timed out). */
  readonly lastStatus: number | null;
  /** Why the last attempt failed, e.g. "HTTP 503" or "timed out after 10000 ms"; null after a success. */
  readonly lastError: string | null;
  readonly deliveredAt: number | null;
  /** Set when delivery was given up: attempts used up, or refused with a 4xx that retrying cannot fix. */
  readonly failedAt: number | null;
}

export interface Note {
  readonly id: string;
  /** The call the note was filed on, if any. */
  readonly callId?: string;
  /** A town id, or the county's id (`serviceCenter.id`) for a 115 call attributed to no town. */
  readonly municipality: string;
  /** Free text for now, e.g. "Bürgerbüro". */
  readonly department?: string;
  /**
   * Personal data: only stored with the caller's consent, never logged, removed when the note is
   * closed, or `retention.openNoteNumberGraceHours` after `dueAt` if it is still open then.
   */
  readonly callerNumber?: string;
  /** When the number of a note still open was erased for being overdue beyond the grace period. */
  readonly numberErasedAt?: number;
  /** The caller's name. */
  readonly name: string;
  readonly topic: string;
  readonly text: string;
  /** Who filed it: the agent id (or the operator's person id). */
  readonly createdBy: string;
  readonly createdAt: number;
  /** The note reply time (service time) after `createdAt`: the escalation instant. */
  readonly dueAt: number;
  /** 75 % of the service time after `createdAt`: the reminder instant. */
  readonly remindAt: number;
  readonly status: NoteStatus;
  readonly remindedAt?: number;
  readonly escalatedAt?: number;
  readonly doneAt?: number;
  /** Person id of whoever closed it. */
  readonly doneBy?: string;
  readonly deliveries: readonly NoteDelivery[];
}

/** A validated request to file a note (see `parseNewNote`). */
export interface NewNote {
  readonly callId?: string;
  readonly municipality: string;
  readonly department?: string;
  /** Present only when the caller consented. */
  readonly callerNumber?: string;
  readonly name: string;
  readonly topic: string;
  readonly text: string;
}

/** What the reports count of a note (src/reports/notes.ts `NoteLike`): a note's, or a deleted closed note's. */
export interface NoteFigures {
  readonly municipality: string;
  readonly createdAt: number;
  readonly dueAt: number;
  readonly status: NoteStatus;
  readonly doneAt?: number;
}

/** What a reminder or escalation tells the `notify` hook. */
export type NotifyKind = 'reminder' | 'escalation';

/** The note as the HTTP API shows it: with `overdue` worked out at `now`. */
export type NoteView = Note & { readonly overdue: boolean };

export const viewOf = (note: Note, now: number): NoteView => ({ ...note, overdue: note.status === 'open' && now >= note.dueAt });
