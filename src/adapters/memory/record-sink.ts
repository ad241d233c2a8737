import type { RecordSink } from '../../app/ports.js';
import type { Call } from '../../domain/call.js';

export interface MemoryPublishedRecord {
  readonly id: string;
  readonly call: Call;
}

/** In-memory RecordSink; read() mirrors RedisRecordSink.read (ids are `n-0`, increasing). */
export class MemoryRecordSink implements RecordSink {
  private readonly entries: MemoryPublishedRecord[] = [];
  private seq = 0;

  publish(call: Call): Promise<void> {
    this.seq += 1;
    this.entries.push({ id: `${this.seq}-0`, call: JSON.parse(JSON.stringify(call)) as Call });
    return Promise.resolve();
  }

  read(sinceId?: string, count = 1_000): Promise<MemoryPublishedRecord[]> {
    const after = sinceId === undefined ? 0 : Number.parseInt(sinceId, 10);
    return Promise.resolve(this.entries.filter((e) => Number.parseInt(e.id, 10) > after).slice(0, count));
  }

  /** Every published call, oldest first. */
  get calls(): Call[] {
    return this.entries.map((e) => e.call);
  }
}
