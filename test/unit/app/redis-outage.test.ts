import { describe, expect, it } from 'vitest';
import type { ChannelId } from '../../../src/domain/ids.js';
import { EngineError } from '../../../src/errors.js';
import { harness } from './engine-harness.js';

const unavailable = () => Promise.reject(new EngineError('REDIS_UNAVAILABLE', 'redis unavailable during test'));

describe('a caller arriving while Redis is away', () => {
  it('goes back to the dialplan fallback at once when the call cannot be saved', async () => {
    const h = await harness();
    const create = h.store.create.bind(h.store);
    h.store.create = unavailable;
    h.telephony.addCaller('c1' as ChannelId, ['town', 'quickborn'], '04106123456', h.clock.now());
    await h.engine.onCallerEntered({ type: 'caller.entered', channel: 'c1' as ChannelId, args: ['town', 'quickborn'], callerNumber: '04106123456', at: h.clock.now() });
    await h.settle();
    expect(h.telephony.actions).toEqual([{ op: 'hand-back', channel: 'c1' }]);
    // Nothing of the call is kept, and Redis back, the next caller is served as usual.
    h.store.create = create;
    expect(await h.store.findByCallerChannel('c1' as ChannelId)).toBeNull();
    const id = await h.enter('c2', ['town', 'quickborn']);
    expect(id).toBeTruthy();
    expect(h.telephony.actions.slice(1)[0]).toMatchObject({ op: 'ring' });
  });

  it('is not handed back once its record exists: the reconcile repairs what failed after that', async () => {
    const h = await harness();
    h.queue.enqueue = unavailable;
    h.telephony.addCaller('c1' as ChannelId, ['115'], '04106123456', h.clock.now());
    // The executor logs the failed enqueue (`command failed`); the caller is answered and hears music.
    await h.engine.onCallerEntered({ type: 'caller.entered', channel: 'c1' as ChannelId, args: ['115'], callerNumber: '04106123456', at: h.clock.now() });
    await h.settle();
    expect(h.telephony.actions.map((a) => a.op)).not.toContain('hand-back');
    expect(h.telephony.actions.map((a) => a.op)).toContain('answer');
    expect(await h.store.findByCallerChannel('c1' as ChannelId)).not.toBeNull();
  });

  it('a bug (not an outage) is not hidden behind the fallback', async () => {
    const h = await harness();
    h.store.create = () => Promise.reject(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'));
    h.telephony.addCaller('c1' as ChannelId, ['115'], '04106123456', h.clock.now());
    await expect(h.engine.onCallerEntered({ type: 'caller.entered', channel: 'c1' as ChannelId, args: ['115'], callerNumber: '04106123456', at: h.clock.now() })).rejects.toThrow(/WRONGTYPE/);
    expect(h.telephony.actions).toEqual([]);
  });
});
