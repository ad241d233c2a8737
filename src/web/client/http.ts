/** JSON requests to the engine's API with the session cookie, as the page scripts make them. */

export const OFFLINE = 'Keine Verbindung zum Server.';

/** A request the server answered with an error status; `message` is the German text to show. */
export class RequestFailed extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The API's error body: `{ error: { code, message, problems } }`. */
export interface ApiError {
  readonly code?: string;
  readonly message?: string;
  readonly problems?: readonly (string | { readonly path?: string; readonly message?: string })[];
}

/** The `error` of an answer's body, if it has one. */
export const apiErrorOf = (body: unknown): ApiError | null => {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const error = body.error;
  return typeof error === 'object' && error !== null ? error : null;
};

export interface Answer {
  readonly status: number;
  readonly ok: boolean;
  /** The parsed JSON body; null when there is none or it is not JSON. */
  readonly body: unknown;
}

/** One request. Rejects (with OFFLINE) only when the server cannot be reached: any status resolves. */
export async function send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = { method, credentials: 'same-origin', headers };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new Error(OFFLINE);
  }
  const parsed: unknown = await res.json().catch(() => null);
  return { status: res.status, ok: res.ok, body: parsed };
}

/** One request that must succeed: an error status rejects with RequestFailed, worded by `describe`. */
export async function sendOk(method: 'GET' | 'POST', path: string, body: unknown, describe: (status: number, body: unknown) => string): Promise<unknown> {
  const answer = await send(method, path, body);
  if (!answer.ok) throw new RequestFailed(describe(answer.status, answer.body), answer.status);
  return answer.body;
}
