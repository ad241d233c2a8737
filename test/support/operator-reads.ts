/**
 * Reads of the engine's HTTP API as the sample operator (`teamlead` of config/county.yaml, secret
 * `teamlead-secret`): the queue and the calls are for operators only. Signs in once (one scrypt)
 * and again when the session has gone (a restarted Redis, another engine). Health and readiness
 * are open and read without a session.
 */
export type GetJson = <T>(path: string) => Promise<{ status: number; body: T }>;

const OPEN = new Set(['/healthz', '/readyz', '/metrics']);

export function operatorReads(baseUrl: string, operator = { id: 'teamlead', secret: 'teamlead-secret' }, timeoutMs = 5_000): GetJson {
  let cookie: string | undefined;
  const signIn = async (): Promise<string> => {
    const res = await fetch(`${baseUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify(operator),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (res.status !== 200) throw new Error(`operator sign-in at ${baseUrl} answered ${res.status}: ${await res.text()}`);
    const set = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    if (set === '') throw new Error('operator sign-in set no session cookie');
    return set;
  };
  const get = (path: string, headers: Record<string, string>) => fetch(`${baseUrl}${path}`, { headers, signal: AbortSignal.timeout(timeoutMs) });
  return async <T>(path: string) => {
    if (OPEN.has(path.split('?')[0] ?? '')) {
      const res = await get(path, {});
      return { status: res.status, body: (await res.json()) as T };
    }
    cookie ??= await signIn();
    let res = await get(path, { cookie });
    if (res.status === 401) {
      cookie = await signIn();
      res = await get(path, { cookie });
    }
    return { status: res.status, body: (await res.json()) as T };
  };
}
