import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAsteriskH264 } from '../../scripts/lib/asterisk-h264.js';
import { DEFAULT_ROOTFS } from './asterisk-instance.js';

/**
 * Which of the rendered video clips a video caller actually saw, from the H.264 payloads its video
 * RTP endpoint received (VideoRtpEndpoint.received()). Asterisk sends each record of a `.h264`
 * file as one RTP payload, byte for byte (scripts/lib/asterisk-h264.ts), so a received payload
 * equal to a record of a clip is a piece of that clip. Records that several clips share (a still
 * picture's empty follow-up pictures, identical parameter sets) say nothing: only payloads found
 * in exactly one of the clips compared are counted for it.
 */
const VIDEO_DIR = 'usr/share/asterisk/sounds';
const hash = (payload: Uint8Array): string => createHash('sha256').update(payload).digest('hex');

/** The RTP payloads of `sounds/<name>.h264` in the stack's root filesystem, e.g. `overflow/video/greeting`. */
export function clipPayloads(name: string, rootfs = process.env['ASTERISK_ROOTFS'] ?? DEFAULT_ROOTFS): Buffer[] {
  return readAsteriskH264(readFileSync(join(rootfs, VIDEO_DIR, `${name}.h264`))).map((r) => r.payload);
}

export interface ClipsSeen {
  /** Received payloads found only in that clip, per clip. */
  readonly byClip: ReadonlyMap<string, number>;
  /** The clip's records whose payload is its own, per clip: what `byClip` counts for one whole playback. */
  readonly ownPerClip: ReadonlyMap<string, number>;
  /** Received payloads found in none of the clips. */
  readonly unknown: number;
}

export function clipsSeen(received: readonly Uint8Array[], clips: readonly string[]): ClipsSeen {
  const owners = new Map<string, Set<string>>();
  for (const clip of clips) for (const p of clipPayloads(clip)) (owners.get(hash(p)) ?? owners.set(hash(p), new Set()).get(hash(p))!).add(clip);
  // Records, not distinct payloads: a still repeats its pictures' bytes within one clip.
  const own = (clip: string): number => clipPayloads(clip).filter((p) => owners.get(hash(p))?.size === 1).length;
  const byClip = new Map(clips.map((c) => [c, 0]));
  let unknown = 0;
  for (const payload of received) {
    const found = owners.get(hash(payload));
    if (!found) unknown += 1;
    else if (found.size === 1) {
      const [clip] = found;
      if (clip !== undefined) byClip.set(clip, (byClip.get(clip) ?? 0) + 1);
    }
  }
  return { byClip, ownPerClip: new Map(clips.map((c) => [c, own(c)])), unknown };
}
