import type { CallerHistory } from '../../app/desk-feed.js';

/** In-memory CallerHistory for unit tests. */
export class MemoryCallerHistory implements CallerHistory {
  private readonly calls: { hash: string; id: string; at: number }[] = [];

  seen(callerHash: string, callId: string, at: number): Promise<void> {
    this.calls.push({ hash: callerHash, id: callId, at });
    return Promise.resolve();
  }

  count(callerHash: string, since: number, before: number, except: string): Promise<number> {
    return Promise.resolve(this.calls.filter((c) => c.hash === callerHash && c.at >= since && c.at < before && c.id !== except).length);
  }
}
