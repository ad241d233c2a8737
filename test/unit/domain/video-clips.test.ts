import { describe, expect, it } from 'vitest';
import { ANNOUNCEMENT_DEFAULTS, expandAnnouncements, type WeeklyHours } from '../../../src/domain/announcements.js';
import { expandVideoClips, soundsFor, videoSoundOf, WAITING_CLIP } from '../../../src/domain/video-clips.js';

const WEEKDAYS: WeeklyHours = {
  mon: { openMinuteOfDay: 480, closeMinuteOfDay: 1080 }, tue: { openMinuteOfDay: 480, closeMinuteOfDay: 1080 },
  wed: { openMinuteOfDay: 480, closeMinuteOfDay: 1080 }, thu: { openMinuteOfDay: 480, closeMinuteOfDay: 1080 },
  fri: { openMinuteOfDay: 480, closeMinuteOfDay: 1080 }, sat: null, sun: null,
};

describe('video clips', () => {
  it('names the clip of each announcement in overflow/video/, leaving other media and clips as they are', () => {
    expect(videoSoundOf('overflow/greeting')).toBe('overflow/video/greeting');
    expect(videoSoundOf('overflow/position-12')).toBe('overflow/video/position-12');
    expect(videoSoundOf('overflow/video/waiting')).toBe('overflow/video/waiting');
    expect(videoSoundOf('tone:ring')).toBe('tone:ring');
    expect(videoSoundOf('hello-world')).toBe('hello-world');
  });

  it('plays clips to a video caller only', () => {
    const sounds = ['overflow/position-3', 'overflow/wait-2'];
    expect(soundsFor(true, sounds)).toEqual(['overflow/video/position-3', 'overflow/video/wait-2']);
    expect(soundsFor(false, sounds)).toBe(sounds);
  });

  it('renders one clip per announcement with its spoken text, and the waiting picture', () => {
    const spoken = expandAnnouncements(ANNOUNCEMENT_DEFAULTS, WEEKDAYS);
    const clips = expandVideoClips(ANNOUNCEMENT_DEFAULTS, WEEKDAYS);
    expect(clips.slice(0, -1)).toEqual(spoken);
    expect(clips.at(-1)).toEqual({ name: 'waiting', text: 'Bitte warten Sie – Sie werden gleich verbunden.' });
    expect(WAITING_CLIP).toBe('overflow/video/waiting');
    expect(clips.find((c) => c.name === 'closed')?.text).toContain('montags bis freitags von acht bis achtzehn Uhr');
  });

  it('fills {hours} in an edited waiting text', () => {
    const clips = expandVideoClips({ ...ANNOUNCEMENT_DEFAULTS, videoWaiting: 'Bitte warten Sie. Wir sind {hours} für Sie da.' }, WEEKDAYS);
    expect(clips.at(-1)?.text).toBe('Bitte warten Sie. Wir sind montags bis freitags von acht bis achtzehn Uhr für Sie da.');
  });
});
