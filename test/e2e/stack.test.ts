import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';
import { createSippFleet, type SippFleet } from '../support/sipp.js';
import { waitFor } from '../support/wait-for.js';

/** Every SIP phone of the sample county (config/county.yaml, dialplan/pjsip_wizard.conf). */
const PHONES = ['agent-1', 'agent-2', 'agent-3', 'agent-4', 'quickborn-1', 'quickborn-2', 'boenningstedt-1', 'hasloh-1'];

const ari = async (stack: Stack, path: string, password = stack.ari.password): Promise<Response> =>
  fetch(`${stack.ari.url}/ari${path}`, {
    headers: { authorization: `Basic ${Buffer.from(`${stack.ari.username}:${password}`).toString('base64')}` },
  });

const alive = (pid: number | null | undefined): boolean => {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // ESRCH is "no such process"; EPERM would mean it still exists.
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
};

describe('the stack: Redis and Asterisk started by the project, no engine', () => {
  let stack: Stack;
  let sipp: SippFleet;

  beforeAll(async () => {
    stack = await startStack();
    sipp = createSippFleet(stack);
  });

  afterAll(async () => {
    await sipp?.stop();
    await stack?.stop();
  });

  it('serves ARI on 127.0.0.1 to the engine user with this instance\'s password only', async () => {
    expect(new URL(stack.ari.url).hostname).toBe('127.0.0.1');
    const info = await ari(stack, '/asterisk/info');
    expect(info.status).toBe(200);
    expect(((await info.json()) as { system: { version: string } }).system.version).toMatch(/^22\./);
    expect((await ari(stack, '/asterisk/info', 'engine-sample-secret')).status).toBe(401);
  });

  it('registers every phone of the sample county, and forgets them when they unregister', async () => {
    const phones = await sipp.phones(PHONES, { kind: 'never-answer' });
    const endpoints = (await (await ari(stack, '/endpoints/PJSIP')).json()) as { resource: string; state: string }[];
    for (const phone of phones) {
      expect(endpoints.find((e) => e.resource === phone.endpoint)?.state, phone.endpoint).toBe('online');
    }
    for (const phone of phones) {
      // The contact is the phone's own port: that is where Asterisk will send INVITEs.
      expect(await stack.asteriskCli(`pjsip show aor ${phone.endpoint}`)).toContain(`sip:${phone.endpoint}@127.0.0.1:${phone.sipPort}`);
    }

    await sipp.stop();
    expect(await stack.asteriskCli('pjsip show contacts')).toContain('No objects found');
  });

  it('keeps Redis data across a Redis restart (append-only file)', async () => {
    const client = new Redis(stack.redisUrl, { maxRetriesPerRequest: null });
    try {
      await client.set('stack-test:kept', 'across restarts');
      const pidBefore = stack.redis.pid();
      await stack.redis.restart();
      expect(stack.redis.pid()).not.toBe(pidBefore);
      expect(alive(pidBefore)).toBe(false);
      // The client reconnects on its own; the answer must come from the restarted server's AOF.
      expect(await client.get('stack-test:kept')).toBe('across restarts');
    } finally {
      client.disconnect();
    }
  });

  it('runs a second instance side by side, and stop() leaves none of its processes or files', async () => {
    const second = await startStack({ engineApp: 'overflow-engine-second' });
    const { asterisk, redis } = second.pids();
    try {
      expect(second.sipPort).not.toBe(stack.sipPort);
      expect(second.ari.url).not.toBe(stack.ari.url);
      expect((await ari(second, '/asterisk/info')).status).toBe(200);
      expect(await second.asteriskCli('dialplan show globals')).toContain('ENGINE_APP=overflow-engine-second');
      expect(alive(asterisk) && alive(redis)).toBe(true);
    } finally {
      await second.stop();
    }
    await second.stop();
    expect(alive(asterisk)).toBe(false);
    expect(alive(redis)).toBe(false);
    expect(existsSync(second.logs.asteriskMessages)).toBe(false);
    expect(existsSync(second.logs.asteriskMessagesArchived)).toBe(true);
    // The first instance did not notice.
    expect((await ari(stack, '/asterisk/info')).status).toBe(200);
    await waitFor(async () => (await stack.asteriskCli('core show uptime')).includes('System uptime'), {
      timeoutMs: 2_000, what: 'the first instance still answering its CLI',
    });
  });
});
