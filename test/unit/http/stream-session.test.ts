import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildHttpServer } from '../../../src/adapters/http/http-server.js';
import { ROUTE_ACCESS, type RouteAccess } from '../../../src/auth/route-access.js';
import { signedIn } from '../../support/signed-in.js';

/** A stream route like the desk's and the dashboard's: hijacked, written to until it closes. */
const TEST_STREAM: RouteAccess = { method: 'GET', url: '/api/test/events', access: ['operator'], scope: 'none', kind: 'stream', purpose: 'test' };

const servers: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(streamCheckMs = 60_000) {
  const who = signedIn();
  const app = buildHttpServer({
    log: pino({ level: 'silent' }),
    readiness: () => Promise.resolve({ ari: true, redis: true }),
    queue: () => Promise.resolve({} as never),
    call: () => Promise.resolve(null),
    auth: who.auth,
    access: { table: [...ROUTE_ACCESS, TEST_STREAM] },
    streamCheckMs,
    routes: [
      (scope) =>
        scope.get(TEST_STREAM.url, (_req, reply) => {
          reply.hijack();
          reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
          reply.raw.write('event: hello\ndata: {}\n\n');
        }),
    ],
  });
  servers.push(app);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base, who };
}

/** Opens the stream; `ended` settles when the server ends it. */
async function open(base: string, headers: Record<string, string>) {
  const res = await fetch(`${base}${TEST_STREAM.url}`, { headers });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  await reader.read(); // the first event: the stream is open
  let done = false;
  const ended = (async () => {
    for (;;) if ((await reader.read()).done) return (done = true);
  })();
  return { ended, isDone: () => done };
}

describe('event streams end with the session', () => {
  it('signing out ends the open streams of that session at once, and only those', async () => {
    const { base, who } = await serve();
    const mine = await who.headers('teamlead');
    const another = await who.headers('teamlead');
    const a = await open(base, mine);
    const b = await open(base, another);
    const out = await fetch(`${base}/logout`, { method: 'POST', headers: { ...mine, origin: base } });
    expect(out.status).toBe(200);
    await a.ended;
    expect(b.isDone()).toBe(false);
    // The ended session cannot open a stream again.
    expect((await fetch(`${base}${TEST_STREAM.url}`, { headers: mine })).status).toBe(401);
  });

  it('a session that ended elsewhere (expired, signed out on another engine) ends its streams at the next check', async () => {
    const { base, who } = await serve(100);
    const mine = await who.headers('teamlead');
    const s = await open(base, mine);
    const sessionId = mine.cookie!.split('=')[1]!;
    await who.auth.sessions.delete(sessionId);
    await s.ended;
    expect(s.isDone()).toBe(true);
  });
});
