/**
 * Requests to the engine's HTTP API as someone who signed in with a bearer token
 * (`Authorization: Bearer <id>:<secret>`), or as nobody. The sample people of config/county.yaml
 * sign in with `<id>-secret` (agent-1 / agent-1-secret, clerk-quickborn, teamlead, …).
 */
export interface ApiAnswer<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export type Who = string | { readonly id: string; readonly secret: string } | null;

export async function api<T = unknown>(baseUrl: string, method: 'GET' | 'POST', path: string, who: Who, body?: unknown): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = {};
  if (who !== null) {
    const { id, secret } = typeof who === 'string' ? { id: who, secret: `${who}-secret` } : who;
    headers.authorization = `Bearer ${id}:${secret}`;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (a page): the text as it came
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}
