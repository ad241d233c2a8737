import { request } from 'node:http';

export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The body as text; for an event stream only what came before it was cut off. */
  readonly body: string;
}

/**
 * One HTTP request exactly as given: the path is sent verbatim (no URL normalization, so
 * `/api/notes/%2e%2e` and `//api/queue` reach the server as written), any header, any body.
 * An event stream (`text/event-stream`) is cut off after its headers.
 */
export function rawRequest(
  baseUrl: string,
  opts: { readonly method: string; readonly path: string; readonly headers?: Record<string, string>; readonly body?: string | Buffer; readonly timeoutMs?: number },
): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: Number(url.port), method: opts.method, path: opts.path, headers: { ...opts.headers, ...(opts.body !== undefined ? { 'content-length': String(Buffer.byteLength(opts.body)) } : {}) } },
      (res) => {
        const status = res.statusCode ?? 0;
        if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
          res.destroy();
          resolve({ status, headers: res.headers, body: '' });
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(opts.timeoutMs ?? 10_000, () => req.destroy(new Error(`${opts.method} ${opts.path}: no answer in time`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}
