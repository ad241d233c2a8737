import type { CallRecords, CallStore, PublishedRecord } from '../../app/ports.js';
import type { Call } from '../../domain/call.js';
import type { CallId, ChannelId } from '../../domain/ids.js';
import { EngineError } from '../../errors.js';

/**
 * In-memory CallStore with the Redis adapter's semantics, including the record log an ended call is
 * appended to as it is saved. Records are kept as JSON, so what comes back is a copy, as from Redis.
 * Ended records are kept forever (no retention: fakes live for one test).
 */
export class MemoryCallStore implements CallStore, CallRecords {
  private readonly records = new Map<CallId, string>();
  private readonly log: PublishedRecord[] = [];
  private readonly activeIds = new Set<CallId>();
  private readonly channels = new Map<ChannelId, CallId>();

  get(id: CallId): Promise<Call | null> {
    const json = this.records.get(id);
    return Promise.resolve(json === undefined ? null : (JSON.parse(json) as Call));
  }

  create(call: Call): Promise<Call> {
    return this.write(call, 0);
  }

  save(call: Call): Promise<Call> {
    return this.write(call, call.version);
  }

  findByCallerChannel(channel: ChannelId): Promise<CallId | null> {
    return Promise.resolve(this.channels.get(channel) ?? null);
  }

  /** Record log ids are `n-0`, increasing, as Redis stream ids compare. */
  read(sinceId?: string, count = 1_000): Promise<PublishedRecord[]> {
    const after = sinceId === undefined ? 0 : Number.parseInt(sinceId, 10);
    return Promise.resolve(this.log.filter((e) => Number.parseInt(e.id, 10) > after).slice(0, count));
  }

  /** Every ended call's record, oldest first. */
  get ended(): Call[] {
    return this.log.map((e) => e.call);
  }

  active(): Promise<Call[]> {
    return Promise.all([...this.activeIds].map((id) => this.get(id))).then((calls) => calls.filter((c): c is Call => c !== null));
  }

  private write(call: Call, expected: number): Promise<Call> {
    const json = this.records.get(call.id);
    const stored = json === undefined ? 0 : (JSON.parse(json) as Call).version;
    if (stored !== expected) {
      return Promise.reject(
        new EngineError('STORE_VERSION_CONFLICT', expected === 0 ? 'call already exists' : 'call was changed concurrently', {
          callId: call.id,
          expected,
          stored,
        }),
      );
    }
    const next: Call = { ...call, version: expected + 1 };
    this.records.set(call.id, JSON.stringify(next));
    if (call.phase === 'ended') {
      this.activeIds.delete(call.id);
      this.log.push({ id: `${this.log.length + 1}-0`, call: JSON.parse(JSON.stringify(next)) as Call });
      if (this.channels.get(call.callerChannel) === call.id) this.channels.delete(call.callerChannel);
    } else {
      this.activeIds.add(call.id);
      this.channels.set(call.callerChannel, call.id);
    }
    return Promise.resolve(next);
  }
}
