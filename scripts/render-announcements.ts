/**
 * Renders the German announcements into Asterisk's sounds directory under <root>:
 * <root>/usr/share/asterisk/sounds/<directory>/<name>.wav (the deployment's
 * `serviceCenter.soundsDirectory`: `overflow`, or a center's own on a shared Asterisk), 8 kHz mono 16-bit signed PCM (what
 * Asterisk plays without transcoding effort), one file per entry of the announcement catalogue
 * (src/domain/announcements.ts) with the texts of the deployment file's `announcements:` section.
 *
 *   npx tsx scripts/render-announcements.ts <root> [config]     (config: default config/county.yaml)
 *
 * Speech by espeak-ng (German voice), resampled and normalised by sox. A stamp per file
 * (.stamps/<name>: sha256 of voice, speed and text) means only new or edited texts are rendered
 * again; files whose names are no longer in the catalogue are removed. Two renders run at a time.
 * Then the video clips of the same texts for video callers (sign language): <sounds>/<directory>/video/
 * <name>.h264 beside <name>.wav, by ffmpeg (scripts/lib/render-clips.ts), again only new or edited
 * ones; only for a deployment with a video entry.
 * Used by scripts/provision.sh (root = the cached Asterisk root filesystem) and by
 * docker/asterisk.Dockerfile (root = an empty directory copied into the image).
 * Exit codes: 0 done, 1 missing tool / invalid configuration / failed render, 2 wrong usage.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatConfigError, loadDeployment } from '../src/config/index.js';
import { expandAnnouncements, type RenderedAnnouncement } from '../src/domain/announcements.js';
import { expandVideoClips } from '../src/domain/video-clips.js';
import { renderClips } from './lib/render-clips.js';
import { messageOf, renderAll } from './lib/render-pool.js';
import { FONT_FILE } from './lib/video-clips.js';

const VOICE = 'de';
/** Words per minute; espeak-ng's default of 175 is hurried on a phone line. */
const SPEED = 155;
const PARALLEL = 2;
const DEFAULT_CONFIG = fileURLToPath(new URL('../config/county.yaml', import.meta.url));
const TOOLS = [
  { cmd: 'espeak-ng', pkg: 'espeak-ng' },
  { cmd: 'sox', pkg: 'sox' },
  { cmd: 'ffmpeg', pkg: 'ffmpeg' },
] as const;

const say = (line: string): void => {
  process.stdout.write(`[announcements] ${line}\n`);
};
const fail = (line: string): void => {
  process.stderr.write(`[announcements] ${line}\n`);
};

/** Same recipe as the former make-announcements.sh, so files rendered by it stay valid. */
const stampOf = (text: string): string => createHash('sha256').update(`${VOICE}|${SPEED}|${text}`).digest('hex');

const readStamp = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
};

/** Runs a command, feeding `input` on stdin; rejects with its stderr if it fails. */
const run = (cmd: string, args: readonly string[], input?: string): Promise<void> =>
  new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`${cmd} ${signal === null ? `exited with code ${String(code)}` : `was killed by ${signal}`}${stderr.trim() === '' ? '' : `: ${stderr.trim()}`}`));
    });
    child.stdin?.end(input, 'utf8');
  });

const render = async (item: RenderedAnnouncement, sounds: string, scratch: string): Promise<void> => {
  const speech = join(scratch, `${item.name}.wav`);
  // Text on stdin (-b 1: UTF-8), so that no text can be taken for an option.
  await run('espeak-ng', ['-v', VOICE, '-s', String(SPEED), '-b', '1', '-w', speech, '--stdin'], item.text);
  // Written next to its final place under a hidden name, then renamed: Asterisk never sees half a file.
  const partial = join(sounds, `.${item.name}.partial.wav`);
  await run('sox', [speech, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', partial, 'norm', '-3']);
  renameSync(partial, join(sounds, `${item.name}.wav`));
  writeFileSync(join(sounds, '.stamps', item.name), `${stampOf(item.text)}\n`);
  rmSync(speech, { force: true });
};

const main = async (args: readonly string[]): Promise<number> => {
  const [rootArg, configArg, ...extra] = args;
  if (rootArg === undefined || rootArg === '-h' || rootArg === '--help' || extra.length > 0) {
    process.stderr.write('usage: npx tsx scripts/render-announcements.ts <root> [config]  (config: default config/county.yaml)\n');
    return 2;
  }
  const root = resolve(rootArg);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    fail(`${root} is not a directory: give the root filesystem Asterisk runs in ("/" for this machine)`);
    return 1;
  }

  const missing = TOOLS.filter(({ cmd }) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).error !== undefined);
  if (missing.length > 0) {
    fail(`${missing.map((t) => t.cmd).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing: install the Debian package${missing.length > 1 ? 's' : ''} ${missing.map((t) => t.pkg).join(' ')} (scripts/provision.sh does)`);
    return 1;
  }

  if (!existsSync(FONT_FILE)) {
    fail(`the font ${FONT_FILE} is missing: install the Debian package fonts-dejavu-core (scripts/provision.sh does)`);
    return 1;
  }

  const configPath = configArg ?? DEFAULT_CONFIG;
  let catalogue: RenderedAnnouncement[];
  let clips: RenderedAnnouncement[];
  let directory: string;
  try {
    const deployment = loadDeployment(configPath);
    catalogue = expandAnnouncements(deployment.announcements, deployment.serviceCenter.hours);
    // Clips only for a center with a video entry (sign language): nobody else would see them.
    clips = deployment.entries.some((e) => e.video) ? expandVideoClips(deployment.announcements, deployment.serviceCenter.hours) : [];
    // The center's own directory when several centers share this Asterisk (serviceCenter.soundsDirectory).
    directory = deployment.serviceCenter.soundsDirectory;
  } catch (err) {
    fail(formatConfigError(err));
    return 1;
  }

  const started = performance.now();
  const sounds = join(root, 'usr/share/asterisk/sounds', directory);
  mkdirSync(join(sounds, '.stamps'), { recursive: true });
  say(`${configArg ?? relative(process.cwd(), configPath)} → ${sounds}`);

  // Leftovers: half-written files of an interrupted run, and names no longer in the catalogue.
  const names = new Set(catalogue.map((c) => c.name));
  const removed: string[] = [];
  for (const file of readdirSync(sounds)) {
    if (file.endsWith('.partial.wav')) rmSync(join(sounds, file), { force: true });
    else if (file.endsWith('.wav') && !file.startsWith('.') && !names.has(file.slice(0, -4))) {
      rmSync(join(sounds, file), { force: true });
      removed.push(file.slice(0, -4));
    }
  }
  for (const stamp of readdirSync(join(sounds, '.stamps'))) {
    if (!names.has(stamp)) rmSync(join(sounds, '.stamps', stamp), { force: true });
  }

  const todo = catalogue.filter(
    (c) => !existsSync(join(sounds, `${c.name}.wav`)) || readStamp(join(sounds, '.stamps', c.name)) !== stampOf(c.text),
  );

  const scratch = mkdtempSync(join(tmpdir(), 'announcements-'));
  try {
    const failures = await renderAll(
      todo,
      PARALLEL,
      async (item, index) => {
        say(`rendering ${index + 1}/${todo.length} ${item.name}`);
        await render(item, sounds, scratch);
      },
      (item, err) => `rendering ${item.name} failed: ${messageOf(err)}`,
    );
    if (failures.length > 0) {
      for (const f of failures) fail(f);
      return 1;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    say(
      `${catalogue.length} announcements, ${todo.length} rendered, ${catalogue.length - todo.length} unchanged` +
        `${removed.length > 0 ? `, ${removed.length} removed (${removed.join(', ')})` : ''} in ${seconds} s`,
    );

    const clipsStarted = performance.now();
    const video = await renderClips({ sounds, catalogue: clips, scratch, parallel: PARALLEL, say });
    if (video.failures.length > 0) {
      for (const f of video.failures) fail(f);
      return 1;
    }
    say(
      `${clips.length} video clips, ${video.rendered} rendered${video.rendered > 0 ? ` (${(video.bytes / 1024).toFixed(0)} KiB)` : ''}, ${video.unchanged} unchanged` +
        `${video.removed.length > 0 ? `, ${video.removed.length} removed (${video.removed.join(', ')})` : ''} in ${((performance.now() - clipsStarted) / 1000).toFixed(1)} s`,
    );
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
};

// exitCode rather than process.exit(): lets stdout/stderr drain when they are pipes.
process.exitCode = await main(process.argv.slice(2));
