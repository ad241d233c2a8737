/**
 * Renders the video clips (src/domain/video-clips.ts) into `<sounds>/video/` after the spoken
 * announcements are in `<sounds>/`: for each, ffmpeg draws the text (scripts/lib/video-clips.ts),
 * the Annex B output becomes Asterisk's `.h264` framing (scripts/lib/asterisk-h264.ts), and
 * `<name>.wav` links to the spoken file (the waiting picture gets silence from sox). A stamp per
 * clip (.stamps/<name>: sha256 of the recipe, text and length) means only clips whose text or
 * length changed are rendered again; clips no longer in the catalogue are removed.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RenderedAnnouncement } from '../../src/domain/announcements.js';
import { WAITING_CLIP, WAITING_CLIP_MS } from '../../src/domain/video-clips.js';
import { toAsteriskH264 } from './asterisk-h264.js';
import { CLIP_FPS, CLIP_RECIPE, clipMs, ffmpegArgs, layoutClip, wavDurationMs } from './video-clips.js';
import { messageOf, renderAll } from './render-pool.js';

const WAITING = WAITING_CLIP.slice(WAITING_CLIP.lastIndexOf('/') + 1);

export interface ClipRun {
  /** `<root>/usr/share/asterisk/sounds/overflow`: the spoken announcements, rendered before. */
  readonly sounds: string;
  readonly catalogue: readonly RenderedAnnouncement[];
  readonly scratch: string;
  readonly parallel: number;
  readonly say: (line: string) => void;
}

export interface ClipResult {
  readonly rendered: number;
  readonly unchanged: number;
  readonly removed: readonly string[];
  readonly bytes: number;
  readonly failures: readonly string[];
}

/** Runs a command; rejects with its stderr if it fails. */
export const run = (cmd: string, args: readonly string[]): Promise<void> =>
  new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`${cmd} ${signal === null ? `exited with code ${String(code)}` : `was killed by ${signal}`}${stderr.trim() === '' ? '' : `: ${stderr.trim()}`}`));
    });
  });

const stampOf = (text: string, durationMs: number): string => createHash('sha256').update(`${CLIP_RECIPE}|${durationMs}|${text}`).digest('hex');

const readStamp = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined; // no stamp yet: the clip is rendered
  }
};

const exists = (path: string): boolean => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

async function renderOne(item: RenderedAnnouncement, durationMs: number, video: string, scratch: string): Promise<number> {
  const layout = layoutClip(item.text);
  const textFile = join(scratch, `${item.name}.txt`);
  const annexB = join(scratch, `${item.name}.264`);
  writeFileSync(textFile, layout.lines.join('\n'));
  await run('ffmpeg', ffmpegArgs(layout, textFile, durationMs, annexB));
  const clip = toAsteriskH264(readFileSync(annexB), 1000 / CLIP_FPS);
  // Written under a hidden name, then renamed: Asterisk never plays half a clip.
  const partial = join(video, `.${item.name}.partial.h264`);
  writeFileSync(partial, clip);
  renameSync(partial, join(video, `${item.name}.h264`));
  const wav = join(video, `${item.name}.wav`);
  if (item.name === WAITING) {
    // -D: no dither, so that it is digital silence (sox dithers by default, ±1 is noise on the line).
    const silence = join(video, `.${item.name}.partial.wav`);
    await run('sox', ['-D', '-n', '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', silence, 'trim', '0', (durationMs / 1000).toFixed(3)]);
    renameSync(silence, wav);
  } else if (!exists(wav)) {
    // Relative, so it holds inside the chroot and in a copied directory alike.
    symlinkSync(`../${item.name}.wav`, wav);
  }
  writeFileSync(join(video, '.stamps', item.name), `${stampOf(item.text, durationMs)}\n`);
  rmSync(textFile, { force: true });
  rmSync(annexB, { force: true });
  return clip.length;
}

export async function renderClips(r: ClipRun): Promise<ClipResult> {
  const video = join(r.sounds, 'video');
  mkdirSync(join(video, '.stamps'), { recursive: true });
  const names = new Set(r.catalogue.map((c) => c.name));
  const removed: string[] = [];
  for (const file of readdirSync(video)) {
    const name = file.replace(/\.(h264|wav)$/, '');
    if (file.includes('.partial.')) rmSync(join(video, file), { force: true });
    else if (!file.startsWith('.') && !names.has(name)) {
      rmSync(join(video, file), { force: true });
      if (file.endsWith('.h264')) removed.push(name);
    }
  }
  for (const stamp of readdirSync(join(video, '.stamps'))) if (!names.has(stamp)) rmSync(join(video, '.stamps', stamp), { force: true });

  // A clip lasts as long as its spoken announcement, so a changed text or voice changes the stamp.
  const durationOf = (item: RenderedAnnouncement): number =>
    item.name === WAITING ? WAITING_CLIP_MS : clipMs(wavDurationMs(join(r.sounds, `${item.name}.wav`)));
  const todo = r.catalogue
    .map((item) => ({ item, durationMs: durationOf(item) }))
    .filter(({ item, durationMs }) => !existsSync(join(video, `${item.name}.h264`)) || !exists(join(video, `${item.name}.wav`)) || readStamp(join(video, '.stamps', item.name)) !== stampOf(item.text, durationMs));

  let bytes = 0;
  const failures = await renderAll(
    todo,
    r.parallel,
    async (job, index) => {
      r.say(`rendering clip ${index + 1}/${todo.length} video/${job.item.name}`);
      bytes += await renderOne(job.item, job.durationMs, video, r.scratch);
    },
    (job, err) => `rendering clip ${job.item.name} failed: ${messageOf(err)}`,
  );
  return { rendered: todo.length, unchanged: r.catalogue.length - todo.length, removed, bytes, failures };
}
