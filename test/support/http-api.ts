/**
 * Requests to the engine's HTTP API as someone who signed in (POST /login, then the session cookie,
 * as a browser does), or as nobody. The sample people of config/county.yaml sign in with
 * `<id>-secret` (agent-1 / agent-1-secret, clerk-quickborn, teamlead, …). Sessions are kept per
 * engine and person, so a test file signs each person in once (a sign-in costs a real scrypt).
 */
export interface ApiAnswer<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export type Who = string | { readonly id: string; readonly secret: string } | null;

const sessions = new Map<string, string>();

/** A fresh sign-in; the cookie header value (`ovr_session=…`). */
async function signIn(baseUrl: string, id: string, secret: string): Promise<string> {
  const res = await fetch(`${baseUrl}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, secret }) });
  if (res.status !== 200) throw new Error(`sign-in of ${id} at ${baseUrl} answered ${res.status}: ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (!cookie.startsWith('ovr_session=')) throw new Error(`sign-in of ${id} set no session cookie`);
  return cookie;
}

/**
 * Headers that make a request come from `who`, signed in: the session cookie, and
 * `Sec-Fetch-Site: same-origin` as the engine's own pages send (state-changing requests need it).
 */
export async function signedInHeaders(baseUrl: string, who: Exclude<Who, null>, fresh = false): Promise<Record<string, string>> {
  const { id, secret } = typeof who === 'string' ? { id: who, secret: `${who}-secret` } : who;
  const key = `${baseUrl} ${id} ${secret}`;
  let cookie = fresh ? undefined : sessions.get(key);
  if (cookie === undefined) {
    cookie = await signIn(baseUrl, id, secret);
    sessions.set(key, cookie);
  }
  return { cookie, 'sec-fetch-site': 'same-origin' };
}

export async function api<T = unknown>(baseUrl: string, method: 'GET' | 'POST', path: string, who: Who, body?: unknown): Promise<ApiAnswer<T>> {
  const send = async (fresh: boolean) => {
    const headers: Record<string, string> = who === null ? {} : await signedInHeaders(baseUrl, who, fresh);
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  };
  let res = await send(false);
  // A kept session may have ended (Redis restarted empty): sign in once more.
  if (res.status === 401 && who !== null) res = await send(true);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (a page): the text as it came
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}
