import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got, with the exact bytes of its body (signatures are over those). */
export interface ReceivedRequest {
  /** Arrival, epoch ms (the test's clock; the engine runs on the same machine). */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The status it was answered with. */
  readonly status: number;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`; any path is accepted (e.g. `/quickborn`, `/escalation`). */
  readonly url: string;
  /** Every request so far, in arrival order. */
  readonly requests: ReceivedRequest[];
  /** How the next requests are answered (default 200). */
  answerWith(status: (request: Omit<ReceivedRequest, 'status'>) => number): void;
  close(): Promise<void>;
}

/** A webhook receiver on a free port of 127.0.0.1 (node:http), recording what arrives. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  let answer: (request: Omit<ReceivedRequest, 'status'>) => number = () => 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = { at: Date.now(), method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const status = answer(received);
      requests.push({ ...received, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answerWith(status) {
      answer = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
