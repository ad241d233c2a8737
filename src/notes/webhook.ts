import { createHmac, timingSafeEqual } from 'node:crypto';
import { scrubText } from '../log-errors.js';
import type { WebhookTarget } from './settings.js';

/**
 * Signed webhook requests. Each POST carries
 *
 *   X-Notes-Event:      note.created | note.reminder | note.escalation
 *   X-Notes-Delivery:   a stable id of this delivery (the same on every retry: receivers deduplicate by it)
 *   X-Notes-Timestamp:  unix seconds when this attempt was sent
 *   X-Notes-Signature:  sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *
 * A receiver recomputes the HMAC over the timestamp, a dot and the exact bytes of the body, compares
 * in constant time, and rejects timestamps more than a few minutes old (replays).
 */

export const SIGNATURE_HEADER = 'x-notes-signature';
export const TIMESTAMP_HEADER = 'x-notes-timestamp';
export const EVENT_HEADER = 'x-notes-event';
export const DELIVERY_HEADER = 'x-notes-delivery';

/** `sha256=<hex>` for `body` sent at `timestamp` (unix seconds). */
export const signNotePayload = (secret: string, timestamp: number | string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/** Whether a received request's signature is valid and its timestamp within `toleranceSec` of `nowMs`. */
export const verifyNoteSignature = (
  secret: string,
  request: { readonly timestamp: string | undefined; readonly signature: string | undefined; readonly body: string },
  { nowMs = Date.now(), toleranceSec = 300 }: { nowMs?: number; toleranceSec?: number } = {},
): boolean => {
  const { timestamp, signature, body } = request;
  if (timestamp === undefined || signature === undefined || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceSec) return false;
  const expected = Buffer.from(signNotePayload(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
};

/** How one POST went. `retry`: worth trying again later; otherwise final. */
export type PostOutcome =
  | { readonly ok: true; readonly status: number }
  | { readonly ok: false; readonly status: number | null; readonly error: string; readonly retry: boolean };

/** 408 Request Timeout and 429 Too Many Requests are the 4xx answers a later attempt can fix. */
const RETRYABLE_4XX = new Set([408, 429]);

/**
 * POSTs `body` (JSON) to the webhook, signed. 2xx: delivered. 4xx other than 408/429, and 3xx
 * (redirects are not followed: configure the final URL): refused for good. Anything else (5xx, 408,
 * 429, refused connection, timeout): retry.
 */
export async function postToWebhook(
  target: WebhookTarget,
  headers: { readonly event: string; readonly deliveryId: string },
  body: string,
  { timeoutMs, nowMs = Date.now(), fetchImpl = fetch }: { timeoutMs: number; nowMs?: number; fetchImpl?: typeof fetch },
): Promise<PostOutcome> {
  const timestamp = Math.floor(nowMs / 1000);
  let response: Response;
  try {
    response = await fetchImpl(target.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'overflow-engine-notes/1',
        [EVENT_HEADER]: headers.event,
        [DELIVERY_HEADER]: headers.deliveryId,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signNotePayload(target.secret, timestamp, body),
      },
      body,
    });
  } catch (err) {
    return { ok: false, status: null, error: describeFetchError(err, timeoutMs), retry: true };
  }
  // The answer's body is of no interest; read it so the connection can be reused.
  await response.arrayBuffer().catch(() => undefined);
  const status = response.status;
  if (status >= 200 && status < 300) return { ok: true, status };
  const retry = status >= 500 || RETRYABLE_4XX.has(status);
  return { ok: false, status, error: `HTTP ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}`, retry };
}

/**
 * Why a request failed, for the note's `deliveries` (shown to staff and operators) and the log: the
 * fetch error's message can name the URL (e.g. "Request cannot be constructed from a URL that
 * includes credentials: …"), so URLs are cut to their origin.
 */
const describeFetchError = (err: unknown, timeoutMs: number): string => {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `timed out after ${timeoutMs} ms`;
  const cause = err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return `request failed: ${cause.code}`;
  return `request failed: ${scrubText(err instanceof Error ? err.message : String(err))}`;
};
