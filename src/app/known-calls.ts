import type { Call } from '../domain/call.js';
import type { CallId, ChannelId } from '../domain/ids.js';

/** Default bound: far above the calls one center has running at once. */
export const DEFAULT_KNOWN_CALLS_LIMIT = 20_000;

/**
 * The running calls as this engine last saved them, so the next event of a call is decided without
 * reading its record back from the store. Only a hint: every save still compares versions in the
 * store, and a conflict (another writer, a store that lost or restored data) drops the entry so the
 * record is read again. Ended calls leave at once; past the bound, the least recently saved go first.
 */
export class KnownCalls {
  private readonly calls = new Map<CallId, Call>();
  /** The known calls by their caller's channel (a call's caller channel never changes). */
  private readonly byChannel = new Map<ChannelId, CallId>();

  constructor(private readonly limit = DEFAULT_KNOWN_CALLS_LIMIT) {}

  get(id: CallId): Call | undefined {
    return this.calls.get(id);
  }

  /** The known call whose caller is on this channel. */
  idOfCallerChannel(channel: ChannelId): CallId | undefined {
    return this.byChannel.get(channel);
  }

  /** The call as just saved (or read). An ended call is forgotten instead. */
  remember(call: Call): void {
    this.forget(call.id);
    if (call.phase === 'ended') return;
    this.calls.set(call.id, call);
    this.byChannel.set(call.callerChannel, call.id);
    if (this.calls.size > this.limit) {
      const oldest = this.calls.keys().next();
      if (!oldest.done) this.forget(oldest.value);
    }
  }

  forget(id: CallId): void {
    const call = this.calls.get(id);
    if (call && this.byChannel.get(call.callerChannel) === id) this.byChannel.delete(call.callerChannel);
    this.calls.delete(id);
  }

  /** Everything: after a reconnect or a takeover, the store is the only truth. */
  clear(): void {
    this.calls.clear();
    this.byChannel.clear();
  }
}
