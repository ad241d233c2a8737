import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

/** What a stream was opened with, to ask later whether it still signs someone in. */
export interface StreamCredentials {
  readonly host?: string;
  readonly cookie?: string;
  readonly authorization?: string;
}

/** Whether the credentials still sign someone in who may keep the stream: `unknown` when that cannot be told now (Redis away). */
export type CredentialCheck = (credentials: StreamCredentials) => Promise<'valid' | 'ended' | 'unknown'>;

interface OpenStream {
  readonly raw: ServerResponse;
  readonly credentials: StreamCredentials;
  readonly key: string;
}

/**
 * The event streams (desk, dashboard) open now, each with the credentials it was opened with. A
 * stream must not outlive its session: when the session is ended here (`POST /logout`) its streams
 * end at once; a session that ended otherwise (expired, signed out through another engine, the
 * person removed or given a new secret, an API token revoked) is found by a check of every open
 * stream every `checkEveryMs`. The browser then reconnects, is refused, and shows the sign-in.
 */
export class OpenStreams {
  private readonly streams = new Set<OpenStream>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly check: CredentialCheck,
    private readonly checkEveryMs = 15_000,
  ) {}

  /** The key that ties a stream to a session: a digest of its cookie or authorization header. */
  static keyOf(credentials: StreamCredentials): string {
    return createHash('sha256').update(`${credentials.authorization ?? ''}\n${credentials.cookie ?? ''}`).digest('base64url');
  }

  static credentialsOf(headers: IncomingHttpHeaders, sessionCookies: readonly string[]): StreamCredentials {
    const cookie = sessionCookieHeader(headers.cookie, sessionCookies);
    return {
      ...(headers.host !== undefined ? { host: headers.host } : {}),
      ...(cookie !== undefined ? { cookie } : {}),
      ...(headers.authorization !== undefined ? { authorization: headers.authorization } : {}),
    };
  }

  add(raw: ServerResponse, credentials: StreamCredentials): void {
    const stream = { raw, credentials, key: OpenStreams.keyOf(credentials) };
    this.streams.add(stream);
    raw.once('close', () => this.streams.delete(stream));
    if (this.timer === null) {
      this.timer = setInterval(() => void this.checkAll(), this.checkEveryMs);
      this.timer.unref();
    }
  }

  /** Ends every stream opened with these credentials (their session just ended). */
  endSession(credentials: StreamCredentials): number {
    const key = OpenStreams.keyOf(credentials);
    let ended = 0;
    for (const s of this.streams) {
      if (s.key !== key) continue;
      s.raw.end();
      this.streams.delete(s);
      ended += 1;
    }
    return ended;
  }

  get size(): number {
    return this.streams.size;
  }

  /** Checks every open stream's credentials once; ends those whose session is over. */
  async checkAll(): Promise<number> {
    const verdicts = new Map<string, Promise<'valid' | 'ended' | 'unknown'>>();
    let ended = 0;
    for (const s of [...this.streams]) {
      let verdict = verdicts.get(s.key);
      if (verdict === undefined) {
        verdict = this.check(s.credentials).catch(() => 'unknown' as const);
        verdicts.set(s.key, verdict);
      }
      if ((await verdict) !== 'ended') continue;
      s.raw.end();
      this.streams.delete(s);
      ended += 1;
    }
    if (this.streams.size === 0) this.stop();
    return ended;
  }

  /** Ends every open stream (the server closes; the browsers reconnect to whichever engine serves next). */
  endAll(): void {
    for (const s of this.streams) s.raw.end();
    this.streams.clear();
    this.stop();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}

/** Only the session cookie(s) of a Cookie header: other cookies of the site play no part. */
const sessionCookieHeader = (header: string | undefined, names: readonly string[]): string | undefined => {
  if (header === undefined) return undefined;
  const kept = header
    .split(';')
    .map((p) => p.trim())
    .filter((p) => names.some((n) => p.startsWith(`${n}=`)));
  return kept.length === 0 ? undefined : kept.join('; ');
};
