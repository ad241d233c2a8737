import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANNOUNCEMENT_DEFAULTS } from '../../../src/domain/announcements.js';
import { clipMs, ffmpegArgs, layoutClip, wavDurationMs, wrap } from '../../../scripts/lib/video-clips.js';

describe('clip layout', () => {
  it('wraps at word boundaries, a word longer than the line on a line of its own', () => {
    expect(wrap('Sie sind an Position drei.', 12)).toEqual(['Sie sind an', 'Position', 'drei.']);
    expect(wrap('Bitte Donaudampfschifffahrt jetzt', 10)).toEqual(['Bitte', 'Donaudampfschifffahrt', 'jetzt']);
    expect(wrap('  ', 10)).toEqual([]);
  });

  it('shows a short text at the largest size and the longest shipped text smaller, every line within the picture', () => {
    const short = layoutClip('Sie sind an Position drei.');
    expect(short.fontSize).toBe(44);
    const closed = layoutClip(ANNOUNCEMENT_DEFAULTS.closed.replace('{hours}', 'montags bis freitags von acht bis achtzehn Uhr'));
    expect(closed.fontSize).toBeLessThan(44);
    expect(closed.fontSize).toBeGreaterThanOrEqual(27);
    // 640 px wide with 32 px margins, 0.6 em per character; 480 px high at 1.45 lines.
    expect(closed.lines.every((l) => l.length * closed.fontSize * 0.6 <= 576)).toBe(true);
    expect(closed.lines.length * closed.fontSize * 1.45).toBeLessThanOrEqual(416);
    expect(closed.lines.join(' ')).toContain('Vielen Dank für Ihren Anruf');
  });
});

describe('clip length and ffmpeg arguments', () => {
  it('runs as long as the spoken announcement, at least two seconds', () => {
    expect(clipMs(6_412.5)).toBe(6_413);
    expect(clipMs(900)).toBe(2_000);
  });

  it('reads the text from a file with expansion off and makes H.264 Constrained Baseline in 1,200-byte slices', () => {
    const args = ffmpegArgs({ fontSize: 36, lines: ['a'] }, '/tmp/x.txt', 2_500, '/tmp/x.264');
    const filter = args[args.indexOf('-vf') + 1] ?? '';
    expect(filter).toContain('textfile=/tmp/x.txt');
    expect(filter).toContain('expansion=none');
    expect(filter).toContain('fontsize=36');
    expect(args.join(' ')).toContain('-profile:v baseline');
    expect(args[args.indexOf('-x264-params') + 1]).toContain('slice-max-size=1200');
    expect(args[args.indexOf('-i') + 1]).toContain('d=2.500');
    expect(args.slice(-3)).toEqual(['-f', 'h264', '/tmp/x.264']);
  });

  it('measures a WAV file by its data chunk and byte rate', () => {
    const header = Buffer.alloc(44);
    header.write('RIFF', 0, 'ascii');
    header.write('WAVE', 8, 'ascii');
    header.write('fmt ', 12, 'ascii');
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(8000, 24);
    header.writeUInt32LE(16_000, 28);
    header.write('data', 36, 'ascii');
    header.writeUInt32LE(24_000, 40);
    const file = join(mkdtempSync(join(tmpdir(), 'wav-')), 'a.wav');
    writeFileSync(file, Buffer.concat([header, Buffer.alloc(24_000)]));
    expect(wavDurationMs(file)).toBe(1_500);
    writeFileSync(file, Buffer.from('not a wav file at all, really'));
    expect(() => wavDurationMs(file)).toThrow(/not a WAV file/);
  });
});
