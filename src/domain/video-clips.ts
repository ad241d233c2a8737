import { expandAnnouncements, fill, germanOpeningHours, SOUND_DIRECTORY, type AnnouncementTexts, type RenderedAnnouncement, type WeeklyHours } from './announcements.js';

/**
 * Video clips for callers of a video entry (sign language, `video: true`): every announcement as
 * a clip showing its German text, and a waiting picture in place of music on hold, which has no
 * video. Rendered by the provisioning (scripts/render-announcements.ts) into
 * `<sounds>/overflow/video/`: per announcement `<name>.h264` (H.264, Asterisk's format_h264
 * framing) and `<name>.wav`, a link to the spoken announcement of the same name, so that Asterisk,
 * which plays a file's video only beside its audio of the same name, plays both. The waiting
 * picture's `waiting.wav` is silence.
 *
 * The engine chooses these names only for a call whose entry is a video entry and whose caller
 * negotiated video (Call.video): every other caller hears exactly the `overflow/<name>` sounds.
 */

/** Directory of the clips inside Asterisk's sounds directory. */
export const VIDEO_SOUND_DIRECTORY = `${SOUND_DIRECTORY}/video`;
/** Played over and over to a waiting video caller instead of music on hold. */
export const WAITING_CLIP = `${VIDEO_SOUND_DIRECTORY}/waiting`;
/** The waiting picture's length: one playback of it, then the next (any length works; shorter means more requests). */
export const WAITING_CLIP_MS = 20_000;

/** The clip of an announcement (`overflow/greeting` → `overflow/video/greeting`); other media (`tone:ring`) stay as they are. */
export const videoSoundOf = (sound: string): string =>
  sound.startsWith(`${SOUND_DIRECTORY}/`) && !sound.startsWith(`${VIDEO_SOUND_DIRECTORY}/`)
    ? `${VIDEO_SOUND_DIRECTORY}/${sound.slice(SOUND_DIRECTORY.length + 1)}`
    : sound;

/** What a caller is played: the clips for a video caller, the sounds as they are for everyone else. */
export const soundsFor = (video: boolean, sounds: readonly string[]): readonly string[] => (video ? sounds.map(videoSoundOf) : sounds);

/** Every clip to render: each announcement's (same name and text) and the waiting picture (`waiting`). */
export const expandVideoClips = (texts: AnnouncementTexts, weeklyHours: WeeklyHours): RenderedAnnouncement[] => {
  const spoken = expandAnnouncements(texts, weeklyHours);
  const hours = germanOpeningHours(weeklyHours);
  return [...spoken, { name: WAITING_CLIP.slice(VIDEO_SOUND_DIRECTORY.length + 1), text: fill('videoWaiting', texts.videoWaiting, { hours }) }];
};
