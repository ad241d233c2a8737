/**
 * Transfers per call, which the statistics' call facts do not carry: read from the records stream
 * (the same one the statistics read), kept in memory for the calls that had any. Small: one entry
 * per transferred call.
 */
import type { Call } from '../domain/call.js';
import type { RecordReader } from '../stats/index.js';
import type { TransferCounts } from './tally.js';
import { CatchUp } from '../app/catch-up.js';

const DAY_MS = 86_400_000;

/** A call's transfers (`transfers[]` of its record); null when it had none. */
export function transferCountsOf(call: Call): TransferCounts | null {
  const list = (call as { readonly transfers?: readonly { readonly result?: unknown }[] }).transfers;
  if (!Array.isArray(list) || list.length === 0) return null;
  let connected = 0;
  let noAnswer = 0;
  let cancelled = 0;
  for (const t of list as readonly { readonly result?: unknown }[]) {
    if (t.result === 'connected') connected++;
    else if (t.result === 'no-answer') noAnswer++;
    else cancelled++;
  }
  return { count: connected + noAnswer + cancelled, connected, noAnswer, cancelled };
}

export interface TransferIndexOptions {
  readonly records: RecordReader;
  readonly now: () => number;
  /** Calls that ended longer ago are forgotten. Default 400 days (as the statistics). */
  readonly keepMs?: number;
  /** Stream entries read per request. Default 1 000. */
  readonly pageSize?: number;
}

/** Transfers by call id, caught up with the records stream on `refresh()`. */
export class TransferIndex {
  private readonly byCall = new Map<string, { readonly counts: TransferCounts; readonly endedAt: number }>();
  private cursor: string | null = null;
  private readonly catchUp = new CatchUp(() => this.readNew());
  private prunedAt = 0;
  private readonly keepMs: number;
  private readonly pageSize: number;

  constructor(private readonly o: TransferIndexOptions) {
    this.keepMs = o.keepMs ?? 400 * DAY_MS;
    this.pageSize = o.pageSize ?? 1_000;
  }

  /** Reads whatever is new in the stream. Concurrent calls share one read. */
  refresh(): Promise<void> {
    return this.catchUp.run();
  }

  /** The call's transfers, if it had any (and its record has been read). */
  of(callId: string): TransferCounts | undefined {
    return this.byCall.get(callId)?.counts;
  }

  get size(): number {
    return this.byCall.size;
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const page = await this.o.records.read(this.cursor ?? undefined, this.pageSize);
      for (const { id, call } of page) {
        const counts = transferCountsOf(call);
        if (counts) this.byCall.set(call.id, { counts, endedAt: call.times.endedAt ?? call.times.arrivedAt });
        this.cursor = id;
      }
      if (page.length < this.pageSize) break;
    }
    const now = this.o.now();
    if (now - this.prunedAt >= DAY_MS) {
      this.prunedAt = now;
      for (const [id, e] of this.byCall) if (e.endedAt < now - this.keepMs) this.byCall.delete(id);
    }
  }
}
