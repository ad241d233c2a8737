/**
 * Several centers on one Asterisk: each center's announcements are rendered into a directory of
 * its own (`serviceCenter.soundsDirectory`). The engine names its sounds `overflow/<name>` (the
 * domain's catalogue); this telephony plays them from the center's directory instead.
 */
import { SOUND_DIRECTORY } from '../domain/announcements.js';
import type { Telephony } from './ports.js';

/** `overflow/greeting` → `<directory>/greeting`; other sounds (tones, digits, anything else) as they are. */
export const inDirectory =
  (directory: string) =>
  (sound: string): string =>
    sound.startsWith(`${SOUND_DIRECTORY}/`) ? `${directory}/${sound.slice(SOUND_DIRECTORY.length + 1)}` : sound;

/** The telephony as it is, except that it plays the engine's sounds from `directory`. */
export function playingFrom<T extends Telephony>(directory: string, telephony: T): T {
  if (directory === SOUND_DIRECTORY) return telephony;
  const rewrite = inDirectory(directory);
  return new Proxy(telephony, {
    get(target, prop, receiver) {
      if (prop === 'play') return (channel: Parameters<Telephony['play']>[0], playback: string, sounds: readonly string[]) => target.play(channel, playback, sounds.map(rewrite));
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
