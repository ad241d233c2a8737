import { EventEmitter } from 'node:events';
import type { Client } from 'ari-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AriConnection } from '../../../src/adapters/ari/ari-connection.js';
import { AriTelephony, LEG_GONE_WAIT_MS } from '../../../src/adapters/ari/ari-telephony.js';
import { LegEnds } from '../../../src/adapters/ari/leg-ends.js';
import type { ChannelId } from '../../../src/domain/ids.js';

/**
 * A stand-in for Asterisk's ARI (no Asterisk): DELETE /channels answers at once, and the channel's
 * ChannelDestroyed comes when the test emits it, as Asterisk sends it a moment after the 204.
 */
function standIn(opts: { gone?: ReadonlySet<string> } = {}) {
  const events = new EventEmitter();
  const hungUp: string[] = [];
  const client = Object.assign(events, {
    channels: {
      hangup: ({ channelId }: { channelId: string }) => {
        hungUp.push(channelId);
        return opts.gone?.has(channelId) ? Promise.reject(new Error('Channel not found')) : Promise.resolve();
      },
    },
  });
  const legEnds = new LegEnds();
  legEnds.listen(client as unknown as Client);
  const telephony = new AriTelephony({ client, isConnected: true } as unknown as AriConnection, 'overflow-engine', 'default', undefined, undefined, undefined, undefined, legEnds);
  const destroyed = (id: string): void => void events.emit('ChannelDestroyed', { type: 'ChannelDestroyed', cause: 16 }, { id });
  return { telephony, legEnds, hungUp, destroyed };
}

/** Whether the promise has settled once pending callbacks have run. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('hanging up one of our legs waits until Asterisk has destroyed it', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves an agent leg\'s hangup at its ChannelDestroyed, not at the 204: the next offer cannot overtake the BYE', async () => {
    const { telephony, legEnds, hungUp, destroyed } = standIn();
    const leg = 'call-1~agent~0' as ChannelId;
    const hangup = telephony.hangup(leg);
    expect(await settled(hangup)).toBe(false);
    expect(hungUp).toEqual([leg]);
    destroyed('call-1~agent~1');
    expect(await settled(hangup)).toBe(false);
    destroyed(leg);
    expect(await settled(hangup)).toBe(true);
    expect(legEnds.size).toBe(0);
  });

  it('hangs up a caller\'s channel without waiting: nobody is dialled after it', async () => {
    const { telephony, legEnds } = standIn();
    expect(await settled(telephony.hangup('1795580888.764' as ChannelId))).toBe(true);
    expect(legEnds.size).toBe(0);
  });

  it('rejects a hangup Asterisk refuses (the leg already gone) at once, leaving nothing waiting', async () => {
    const leg = 'call-2~agent~0';
    const { telephony, legEnds } = standIn({ gone: new Set([leg]) });
    await expect(telephony.hangup(leg as ChannelId)).rejects.toMatchObject({ code: 'ARI_CHANNEL_GONE' });
    expect(legEnds.size).toBe(0);
  });

  it('frees the agent after a second all the same when the event never comes (the websocket down)', async () => {
    vi.useFakeTimers();
    const { telephony, legEnds } = standIn();
    let done = false;
    const hangup = telephony.hangup('call-3~citizen~0' as ChannelId).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(LEG_GONE_WAIT_MS - 1);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await hangup;
    expect(done).toBe(true);
    expect(legEnds.size).toBe(0);
  });

  it('resolves every hangup of the same leg, sent twice at once, at its one ChannelDestroyed', async () => {
    const { telephony, legEnds, destroyed } = standIn();
    const leg = 'call-4~agent~2' as ChannelId;
    const both = Promise.all([telephony.hangup(leg), telephony.hangup(leg)]);
    expect(await settled(both)).toBe(false);
    destroyed(leg);
    expect(await settled(both)).toBe(true);
    expect(legEnds.size).toBe(0);
  });
});
