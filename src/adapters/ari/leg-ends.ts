import type { Channel, ChannelDestroyed, Client } from 'ari-client';

/**
 * Tells when Asterisk has destroyed one of our legs. Asterisk accepts a hangup (204) before it has
 * torn the channel down and sent the phone its BYE or CANCEL; a phone dialled again in that moment
 * gets the next call's INVITE while the last call is still on it: a second call on an agent's
 * phone, or 486 Busy from a phone without call waiting. Hanging up a leg therefore waits for its
 * ChannelDestroyed (published after the SIP hangup is on its way) before the agent is freed.
 */
export class LegEnds {
  private readonly waiting = new Map<string, Set<() => void>>();

  /** Listens on a (new) ARI client; call for every client, as AriConnection.attach does. */
  listen(client: Client): void {
    client.on('ChannelDestroyed', (_event: ChannelDestroyed, channel: Channel) => {
      const done = this.waiting.get(channel.id);
      if (!done) return;
      this.waiting.delete(channel.id);
      for (const resolve of done) resolve();
    });
  }

  /**
   * Starts waiting for `leg` to be destroyed: call before the hangup is sent, since the event may
   * arrive before the hangup's reply. `gone` resolves true when it is, false after `timeoutMs`
   * (the websocket down, an event lost); `cancel` stops waiting (the hangup failed: nothing to wait for).
   */
  expect(leg: string, timeoutMs: number): { readonly gone: Promise<boolean>; cancel(): void } {
    let settle: (gone: boolean) => void = () => undefined;
    const gone = new Promise<boolean>((resolve) => (settle = resolve));
    const onGone = (): void => finish(true);
    const timer = setTimeout(() => finish(false), timeoutMs);
    timer.unref();
    const finish = (destroyed: boolean): void => {
      clearTimeout(timer);
      const set = this.waiting.get(leg);
      set?.delete(onGone);
      if (set?.size === 0) this.waiting.delete(leg);
      settle(destroyed);
    };
    const set = this.waiting.get(leg) ?? new Set<() => void>();
    set.add(onGone);
    this.waiting.set(leg, set);
    return { gone, cancel: () => finish(false) };
  }

  /** Legs waited for now (for tests: nothing may stay behind). */
  get size(): number {
    return this.waiting.size;
  }
}
