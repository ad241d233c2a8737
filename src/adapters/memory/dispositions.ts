import type { Disposition, Dispositions } from '../../app/dispositions.js';
import type { AgentId, CallId } from '../../domain/ids.js';

/** In-memory Dispositions with the Redis adapter's semantics (final once per call). */
export class MemoryDispositions implements Dispositions {
  private readonly pendingByCall = new Map<CallId, Disposition>();
  private readonly finalByCall = new Map<CallId, Disposition>();
  readonly finals: Disposition[] = [];

  file(d: Disposition): Promise<void> {
    this.pendingByCall.set(d.callId, d);
    return Promise.resolve();
  }

  pending(call: CallId): Promise<Disposition | null> {
    return Promise.resolve(this.pendingByCall.get(call) ?? null);
  }

  finalize(call: CallId, agent: AgentId, at: number): Promise<Disposition> {
    const done = this.finalByCall.get(call);
    if (done) return Promise.resolve(done);
    const pending = this.pendingByCall.get(call);
    const d: Disposition = pending ? { ...pending, finalizedAt: at } : { callId: call, agentId: agent, outcome: 'unclassified', at, finalizedAt: at };
    this.finalByCall.set(call, d);
    this.finals.push(d);
    this.pendingByCall.delete(call);
    return Promise.resolve(d);
  }

  read(sinceId?: string, count = 1_000): Promise<{ id: string; disposition: Disposition }[]> {
    const after = sinceId === undefined ? 0 : Number.parseInt(sinceId, 10);
    return Promise.resolve(
      this.finals
        .map((disposition, i) => ({ id: `${i + 1}-0`, disposition }))
        .filter((e) => Number.parseInt(e.id, 10) > after)
        .slice(0, count),
    );
  }
}
