/** A center sharing Asterisk plays its announcements from its own sounds directory (over the FakeTelephony stand-in). */
import { describe, expect, it } from 'vitest';
import { FakeTelephony } from '../../../src/adapters/memory/fake-telephony.js';
import { inDirectory, playingFrom } from '../../../src/app/center-sounds.js';
import type { ChannelId } from '../../../src/domain/ids.js';

describe('a center’s own sounds directory', () => {
  it('maps the engine’s sounds (announcements and video clips) into the directory, and nothing else', () => {
    const map = inDirectory('overflow-segeberg');
    expect(map('overflow/greeting')).toBe('overflow-segeberg/greeting');
    expect(map('overflow/video/greeting')).toBe('overflow-segeberg/video/greeting');
    expect(map('overflow/position-3')).toBe('overflow-segeberg/position-3');
    for (const other of ['tone:ring', 'digits:115', 'overflowing/x', 'beep']) expect(map(other)).toBe(other);
  });

  it('plays from the directory and passes everything else through', async () => {
    const fake = new FakeTelephony();
    fake.addCaller('c1' as ChannelId, ['115'], '04191555001', 0);
    const telephony = playingFrom('overflow-segeberg', fake);
    await telephony.answer('c1' as ChannelId);
    await telephony.play('c1' as ChannelId, 'p1', ['overflow/greeting', 'tone:ring']);
    expect(fake.actions).toEqual([
      { op: 'answer', channel: 'c1' },
      { op: 'play', channel: 'c1', playback: 'p1', sounds: ['overflow-segeberg/greeting', 'tone:ring'] },
    ]);
    // The usual directory: the telephony itself, untouched.
    expect(playingFrom('overflow', fake)).toBe(fake);
  });
});
