import { z } from 'zod';
import type { NewNote } from './model.js';

/**
 * Checks a request to file a callback note (body of `POST /api/notes`) and reports EVERY problem,
 * each with the field it concerns. Messages never quote the values sent: a caller's number may be
 * among them.
 */

export interface NoteProblem {
  /** The field, e.g. "callerNumber"; "" for the body as a whole. */
  readonly path: string;
  readonly message: string;
}

export type NoteInputResult = { readonly ok: true; readonly value: NewNote } | { readonly ok: false; readonly problems: readonly NoteProblem[] };

/** Digits, an optional leading "+", and spaces, "/", "-" or "()" between them as people write numbers. */
const PHONE = /^\+?[0-9][0-9 /()-]*[0-9]$/;
const MIN_DIGITS = 3;
const MAX_DIGITS = 20;

const optionalText = (max: number) => z.string().trim().min(1, 'must not be empty (leave the field out instead)').max(max, `must be at most ${max} characters`).optional();
const requiredText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const inputSchema = (municipalities: ReadonlySet<string>) =>
  z
    .object({
      callId: optionalText(100),
      municipality: z.string().refine((m) => municipalities.has(m), {
        message: `must be one of ${[...municipalities].map((m) => `"${m}"`).join(', ')} (a town id, or the county's id for a 115 call attributed to no town)`,
      }),
      department: optionalText(100),
      callerNumber: z
        .string()
        .trim()
        .transform((n, ctx) => {
          const digits = n.replace(/[^0-9]/g, '').length;
          if (!PHONE.test(n)) {
            ctx.addIssue({ code: 'custom', message: 'must be a phone number: digits, optionally a leading "+", spaces, "/", "-" or brackets between them, e.g. "04106 123456"' });
          } else if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            ctx.addIssue({ code: 'custom', message: `must have ${MIN_DIGITS} to ${MAX_DIGITS} digits` });
          } else {
            return n.replace(/[^0-9+]/g, '');
          }
          return z.NEVER;
        })
        .optional(),
      callerConsent: z.boolean().optional(),
      name: requiredText(200),
      topic: requiredText(200),
      text: requiredText(5000),
    })
    .strict();

/** zod's own wording, rephrased for someone writing a client; never quoting received values. */
const errorMap: z.ZodErrorMap = (issue, ctx) => {
  if (issue.code === 'invalid_type') {
    if (issue.path.length === 0) return { message: 'the request body must be a JSON object with the note\'s fields' };
    if (issue.received === 'undefined') return { message: 'is required' };
    return { message: `must be ${issue.expected === 'object' ? 'a JSON object' : `a ${issue.expected}`}, got ${issue.received}` };
  }
  if (issue.code === 'unrecognized_keys') {
    return { message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
  }
  return { message: ctx.defaultError };
};

/**
 * Validates `body` as a new note for one of `municipalities`. `callerConsent` decides whether the
 * number may be kept at all; it is not stored itself (a note has a number only with consent).
 */
export const parseNewNote = (body: unknown, municipalities: ReadonlySet<string>): NoteInputResult => {
  const parsed = inputSchema(municipalities).safeParse(body, { errorMap });
  const problems: NoteProblem[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  // Checked apart from the schema, so that it is reported next to every other problem.
  const raw = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (raw.callerNumber !== undefined && raw.callerConsent !== true) {
    problems.push({
      path: 'callerNumber',
      message: 'may only be kept with the caller\'s consent: send "callerConsent": true once the caller has agreed, or leave the number out',
    });
  }
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  const { callerConsent: _consent, ...note } = parsed.data;
  return { ok: true, value: note };
};

/** "invalid note: 2 problems: name is required; topic must not be empty" */
export const describeProblems = (problems: readonly NoteProblem[]): string =>
  `invalid note: ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.map((p) => (p.path ? `${p.path} ${p.message}` : p.message)).join('; ')}`;
