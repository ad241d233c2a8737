import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ROOTFS } from './asterisk-instance.js';
import type { ReceivedPacket } from './rtp-endpoint.js';

/**
 * Which of our announcements a caller actually heard, and in what order, from the PCMU an RTP
 * endpoint received (RtpEndpoint.received()).
 *
 * Asterisk plays `sound:overflow/<name>` from the rendered 8 kHz 16-bit WAV files in the stack's
 * root filesystem and sends them to the caller as G.711 µ-law, sample for sample. So the decoded
 * stream contains each played file as an exact (µ-law-quantised) copy: a file is found where the
 * normalised correlation of the decoded stream with the file's samples is close to 1 (µ-law's
 * quantisation noise keeps it above 0.99; another text, music or silence stays far below). What
 * lies between the announcements is sorted like the RTP endpoint sorts it: silence, another
 * endpoint's signature, or other audio (music on hold).
 *
 * This is what the caller heard, not what the engine meant to play: a playback that was started
 * but never reached the caller, or one cut short, is not found.
 */
export interface HeardSegment {
  /** A sound name (`overflow/greeting`), `music` (other varying audio), `silence`, or `signature 0x2a`. */
  readonly what: string;
  readonly fromAt: number;
  /** Arrival of the segment's last packet. */
  readonly toAt: number;
  readonly packets: number;
}

const SOUNDS_DIR = 'usr/share/asterisk/sounds';
/** A file counts as heard at this normalised correlation and above. */
const MATCH = 0.95;
/** Length of the loudest stretch of a file that is searched for first (20 ms). */
const ANCHOR = 160;

const fileCache = new Map<string, Float32Array>();

/** Samples of `sounds/<name>.wav` in the stack's root filesystem (PCM 16-bit mono). */
export function soundSamples(name: string, rootfs = process.env['ASTERISK_ROOTFS'] ?? DEFAULT_ROOTFS): Float32Array {
  const path = join(rootfs, SOUNDS_DIR, `${name}.wav`);
  const cached = fileCache.get(path);
  if (cached) return cached;
  const wav = readFileSync(path);
  if (wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${path}: not a WAV file`);
  let offset = 12;
  let samples: Float32Array | undefined;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    if (id === 'fmt ' && (wav.readUInt16LE(offset + 8) !== 1 || wav.readUInt16LE(offset + 10) !== 1 || wav.readUInt16LE(offset + 22) !== 16)) {
      throw new Error(`${path}: not 16-bit mono PCM`);
    }
    if (id === 'data') {
      const end = Math.min(wav.length, offset + 8 + size);
      samples = new Float32Array(Math.floor((end - offset - 8) / 2));
      for (let i = 0; i < samples.length; i++) samples[i] = wav.readInt16LE(offset + 8 + 2 * i);
      break;
    }
    offset += 8 + size + (size % 2);
  }
  if (!samples) throw new Error(`${path}: no data chunk`);
  fileCache.set(path, samples);
  return samples;
}

/** G.711 µ-law byte to linear 16-bit. */
function ulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - t : t - 0x84;
}
const ULAW = Float32Array.from({ length: 256 }, (_, b) => ulawToLinear(b));

/**
 * Every occurrence of each named sound in the received audio, and what came between, in order.
 * Packets are sorted to the sound covering most of their samples.
 */
export function heardSegments(packets: readonly ReceivedPacket[], soundNames: readonly string[]): HeardSegment[] {
  const total = packets.reduce((n, p) => n + p.payload.length, 0);
  const stream = new Float32Array(total);
  const packetStart: number[] = [];
  let at = 0;
  for (const p of packets) {
    packetStart.push(at);
    for (const byte of p.payload) stream[at++] = ULAW[byte] ?? 0;
  }
  // Running sum of squares, for the energy of any window in O(1).
  const energy = new Float64Array(total + 1);
  for (let i = 0; i < total; i++) energy[i + 1] = (energy[i] ?? 0) + (stream[i] ?? 0) ** 2;
  const windowEnergy = (from: number, length: number): number => (energy[from + length] ?? 0) - (energy[from] ?? 0);

  // Owner of each sample: the index of the sound found there, or -1.
  const owner = new Int16Array(total).fill(-1);
  soundNames.forEach((name, index) => {
    const sound = soundSamples(name);
    for (const start of occurrences(stream, windowEnergy, sound)) owner.fill(index, start, Math.min(total, start + sound.length));
  });

  const classify = (p: ReceivedPacket, i: number): string => {
    const from = packetStart[i] ?? 0;
    const votes = new Map<number, number>();
    for (let s = from; s < from + p.payload.length; s++) votes.set(owner[s] ?? -1, (votes.get(owner[s] ?? -1) ?? 0) + 1);
    const [best] = [...votes.entries()].sort((a, b) => b[1] - a[1]);
    if (best && best[0] >= 0) return soundNames[best[0]] ?? 'unknown';
    const first = p.payload[0];
    if (p.payload.every((b) => b === first)) return first === 0xff || first === 0x7f ? 'silence' : `signature 0x${(first ?? 0).toString(16)}`;
    return 'music';
  };

  const segments: { what: string; fromAt: number; toAt: number; packets: number }[] = [];
  packets.forEach((p, i) => {
    const what = classify(p, i);
    const last = segments[segments.length - 1];
    if (last && last.what === what) {
      last.toAt = p.at;
      last.packets += 1;
    } else {
      segments.push({ what, fromAt: p.at, toAt: p.at, packets: 1 });
    }
  });
  return segments;
}

/**
 * The segments a listener would notice: stretches shorter than `minPackets` (a few packets of
 * silence where one playback hands over to the next) are dropped, and what they separated is joined.
 */
export function noticeable(segments: readonly HeardSegment[], minPackets = 10): HeardSegment[] {
  const out: HeardSegment[] = [];
  for (const s of segments) {
    if (s.packets < minPackets && !s.what.startsWith('overflow/')) continue;
    const last = out[out.length - 1];
    if (last && last.what === s.what) out[out.length - 1] = { ...last, toAt: s.toAt, packets: last.packets + s.packets };
    else out.push(s);
  }
  return out;
}

/** Start offsets (in samples) where `sound` occurs in `stream`, not overlapping. */
function occurrences(stream: Float32Array, windowEnergy: (from: number, length: number) => number, sound: Float32Array): number[] {
  if (sound.length < 2 * ANCHOR || stream.length < sound.length - ANCHOR) return [];
  // The loudest 20 ms of the file (before its last frame) is looked for first; only where it
  // matches is the whole file compared.
  let anchor = 0;
  let loudest = -1;
  for (let a = 0; a + 2 * ANCHOR <= sound.length; a += ANCHOR / 2) {
    let e = 0;
    for (let k = 0; k < ANCHOR; k++) e += (sound[a + k] ?? 0) ** 2;
    if (e > loudest) [loudest, anchor] = [e, a];
  }
  const found: number[] = [];
  // Asterisk may send the last, partial 20 ms frame of a file shortened, and the stream may end
  // with it: the file's last frame need not be there in full.
  for (let start = 0; start + sound.length - ANCHOR <= stream.length; start++) {
    const o = start + anchor;
    const streamEnergy = windowEnergy(o, ANCHOR);
    // A copy of the file is as loud as the file (µ-law changes the energy by a few per cent):
    // a quick test that rules out nearly every offset before any multiplication.
    if (streamEnergy < loudest * 0.8 || streamEnergy > loudest * 1.25) continue;
    let dot = 0;
    for (let k = 0; k < ANCHOR; k++) dot += (stream[o + k] ?? 0) * (sound[anchor + k] ?? 0);
    if (dot / Math.sqrt(streamEnergy * loudest) < MATCH) continue;
    const length = Math.min(sound.length, stream.length - start);
    if (correlation(stream, start, sound, length, windowEnergy(start, length)) < MATCH) continue;
    found.push(start);
    start += sound.length - 1;
  }
  return found;
}

/** Normalised correlation of the first `length` samples of `sound` with the stream from `start`. */
function correlation(stream: Float32Array, start: number, sound: Float32Array, length: number, streamEnergy: number): number {
  let dot = 0;
  let soundEnergy = 0;
  for (let k = 0; k < length; k++) {
    const s = sound[k] ?? 0;
    dot += (stream[start + k] ?? 0) * s;
    soundEnergy += s * s;
  }
  return streamEnergy > 0 && soundEnergy > 0 ? dot / Math.sqrt(streamEnergy * soundEnergy) : 0;
}
