import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AriConnection } from '../../../src/adapters/ari/ari-connection.js';
import { ARI_REQUEST_TIMEOUT_MS, AriTelephony } from '../../../src/adapters/ari/ari-telephony.js';
import type { ChannelId } from '../../../src/domain/ids.js';

/** A stand-in for the ARI connection (no Asterisk): `answer` settles only when the test says so. */
function standIn(connected = true) {
  let settle: (() => void) | undefined;
  const client = {
    channels: {
      answer: () =>
        new Promise<void>((resolve) => {
          settle = resolve;
        }),
    },
  };
  return { connection: { client, isConnected: connected } as unknown as AriConnection, settle: () => settle?.() };
}

describe('ARI requests Asterisk does not answer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fail with ARI_REQUEST_FAILED after the timeout, naming the request, instead of holding the call up', async () => {
    vi.useFakeTimers();
    const { connection } = standIn();
    const telephony = new AriTelephony(connection, 'overflow-engine');
    const answered = telephony.answer('1795580888.764' as ChannelId);
    const outcome = answered.then(
      () => 'answered',
      (err: unknown) => err,
    );
    await vi.advanceTimersByTimeAsync(ARI_REQUEST_TIMEOUT_MS - 1);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({ code: 'ARI_REQUEST_FAILED', message: `answer 1795580888.764: no answer from Asterisk within ${ARI_REQUEST_TIMEOUT_MS} ms` });
  });

  it('fail with ARI_UNAVAILABLE (an outage the reconcile repairs) when the websocket is down too', async () => {
    vi.useFakeTimers();
    const { connection } = standIn(false);
    const outcome = new AriTelephony(connection, 'overflow-engine').answer('c2' as ChannelId).catch((err: unknown) => err);
    await vi.advanceTimersByTimeAsync(ARI_REQUEST_TIMEOUT_MS);
    expect(await outcome).toMatchObject({ code: 'ARI_UNAVAILABLE', message: `answer c2: no answer from Asterisk within ${ARI_REQUEST_TIMEOUT_MS} ms` });
  });

  it('leave no timer behind once Asterisk answers', async () => {
    vi.useFakeTimers();
    const { connection, settle } = standIn();
    const answered = new AriTelephony(connection, 'overflow-engine').answer('c1' as ChannelId);
    settle();
    await answered;
    expect(vi.getTimerCount()).toBe(0);
  });
});
