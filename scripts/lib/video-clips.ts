/**
 * The video clips of the announcements (src/domain/video-clips.ts): the German text, large, white
 * on dark blue, as H.264 in Asterisk's `.h264` framing (scripts/lib/asterisk-h264.ts), beside a
 * `.wav` of the same name (a link to the spoken announcement; silence for the waiting picture).
 *
 * Picture: 640×480 (VGA, which video phones take), DejaVu Sans Bold at the largest size from
 * 44 px down at which the wrapped text fits, 5 pictures a second (a still needs no more), a key
 * picture every 5 s so that a phone that lost one shows the text again soon, H.264 Constrained
 * Baseline level 3.0 (what every H.264 video phone decodes) in slices of at most 1,200 bytes, so
 * that every packet is a single NAL unit (packetization-mode 0 suffices).
 */
import { readFileSync } from 'node:fs';

export const CLIP_WIDTH = 640;
export const CLIP_HEIGHT = 480;
export const CLIP_FPS = 5;
const KEY_EVERY_PICTURES = 25;
const MARGIN = 32;
const FONT_SIZES = [44, 40, 36, 33, 30, 27, 24] as const;
/** DejaVu Sans Bold's advance is about 0.56 em for German text; 0.6 leaves room for wide words. */
const EM_PER_CHAR = 0.6;
const LINE_HEIGHT = 1.45;
/** A clip is at least this long, even for a short announcement. */
const MIN_CLIP_MS = 2_000;
export const FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';
/** Part of every clip's stamp: change it when the picture recipe changes, so every clip is rendered again. */
export const CLIP_RECIPE = `v2|${CLIP_WIDTH}x${CLIP_HEIGHT}|${CLIP_FPS}|${KEY_EVERY_PICTURES}|crf30|DejaVuSans-Bold`;

export interface ClipLayout {
  readonly fontSize: number;
  readonly lines: readonly string[];
}

/** Greedy word wrap at `maxChars` (a word longer than that gets a line of its own). */
export function wrap(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= maxChars) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The largest font size at which the wrapped text fits the picture (the smallest one if none does). */
export function layoutClip(text: string): ClipLayout {
  const width = CLIP_WIDTH - 2 * MARGIN;
  const height = CLIP_HEIGHT - 2 * MARGIN;
  for (const fontSize of FONT_SIZES) {
    const maxChars = Math.floor(width / (fontSize * EM_PER_CHAR));
    const lines = wrap(text, maxChars);
    if (lines.every((l) => l.length <= maxChars) && lines.length * fontSize * LINE_HEIGHT <= height) return { fontSize, lines };
  }
  const fontSize = FONT_SIZES[FONT_SIZES.length - 1] ?? 24;
  return { fontSize, lines: wrap(text, Math.floor(width / (fontSize * EM_PER_CHAR))) };
}

/** How long a clip runs: as long as its spoken announcement, at least MIN_CLIP_MS. */
export const clipMs = (audioMs: number): number => Math.max(MIN_CLIP_MS, Math.ceil(audioMs));

/**
 * ffmpeg's arguments for a clip of `durationMs` showing the lines in `textFile` (one line each;
 * read by drawtext with expansion off, so no text can be taken for a filter option or a % code).
 */
export function ffmpegArgs(layout: ClipLayout, textFile: string, durationMs: number, out: string): string[] {
  const lineSpacing = Math.round(layout.fontSize * (LINE_HEIGHT - 1));
  const drawtext = [
    `fontfile=${FONT_FILE}`,
    `textfile=${textFile}`,
    'expansion=none',
    'fontcolor=white',
    `fontsize=${layout.fontSize}`,
    `line_spacing=${lineSpacing}`,
    'x=(w-text_w)/2',
    'y=(h-text_h)/2',
  ].join(':');
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
    '-f', 'lavfi', '-i', `color=c=0x0b3d6b:s=${CLIP_WIDTH}x${CLIP_HEIGHT}:r=${CLIP_FPS}:d=${(durationMs / 1000).toFixed(3)}`,
    '-vf', `drawtext=${drawtext}`,
    '-c:v', 'libx264', '-profile:v', 'baseline', '-level', '3.0', '-pix_fmt', 'yuv420p', '-tune', 'stillimage', '-crf', '30',
    '-x264-params', `keyint=${KEY_EVERY_PICTURES}:min-keyint=${KEY_EVERY_PICTURES}:scenecut=0:slice-max-size=1200:repeat-headers=1`,
    '-f', 'h264', out,
  ];
}

/** Milliseconds of sound in a PCM WAV file (its `data` chunk over its byte rate). */
export function wavDurationMs(path: string): number {
  const wav = readFileSync(path);
  if (wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${path} is not a WAV file`);
  let byteRate = 0;
  for (let at = 12; at + 8 <= wav.length; ) {
    const id = wav.toString('ascii', at, at + 4);
    const size = wav.readUInt32LE(at + 4);
    if (id === 'fmt ') byteRate = wav.readUInt32LE(at + 16);
    if (id === 'data') {
      if (byteRate === 0) throw new Error(`${path}: no fmt chunk before the data`);
      return (Math.min(size, wav.length - at - 8) / byteRate) * 1000;
    }
    at += 8 + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}
