import { z } from 'zod';
import {
  ANNOUNCEMENT_DEFAULTS,
  ANNOUNCEMENT_KEYS,
  announcementTextProblems,
  type AnnouncementKey,
  type AnnouncementTexts,
} from '../domain/announcements.js';

/**
 * The optional `announcements:` section of the deployment file: the German texts the provisioning
 * renders into sound files (scripts/render-announcements.ts). Every text is optional and falls
 * back to the shipped default (ANNOUNCEMENT_DEFAULTS); the section itself may be left out or left
 * empty. A misspelt key is an error (strict), and so is a placeholder the text cannot have, such
 * as "{postion}": the message names the placeholders allowed for that text.
 */

const announcementText = (key: AnnouncementKey) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty (leave the option out to use the shipped text)')
    .superRefine((text, ctx) => {
      if (text.length === 0) return; // already reported as empty
      for (const message of announcementTextProblems(key, text)) ctx.addIssue({ code: 'custom', message });
    })
    .default(ANNOUNCEMENT_DEFAULTS[key]);

const texts = z
  .object(
    Object.fromEntries(ANNOUNCEMENT_KEYS.map((key) => [key, announcementText(key)])) as {
      [K in AnnouncementKey]: ReturnType<typeof announcementText>;
    },
  )
  .strict();

/** `announcements:` left out, or written with every text commented out (YAML null): all defaults. */
export const announcementsSchema = z.preprocess((v) => v ?? {}, texts);

/** Compile-time proof that the section's output is the domain's AnnouncementTexts. */
const _outputMatches = (t: z.output<typeof announcementsSchema>): AnnouncementTexts => t;
