/**
 * A callback note as the inbox page reads it: what the engine sends (src/notes/model.ts
 * `NoteView`), embedded in the page and from `GET /api/towns/:town/notes`.
 * test/unit/web/page-data-types.test.ts checks at type level that the server's view fits.
 */
export interface InboxNote {
  readonly id: string;
  readonly name: string;
  readonly topic: string;
  readonly text: string;
  readonly department?: string;
  readonly callerNumber?: string;
  readonly numberErasedAt?: number;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly dueAt: number;
  readonly remindedAt?: number;
  readonly escalatedAt?: number;
}

/** `GET /api/towns/:town/notes` */
export interface InboxNoteList {
  readonly notes: readonly InboxNote[];
}
