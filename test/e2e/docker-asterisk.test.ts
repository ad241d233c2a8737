import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phoneEndpoints, renderPhoneSections } from '../../scripts/lib/phone-sections.js';
import { loadDeployment } from '../../src/config/index.js';
import { ROOT } from '../support/compose-file.js';
import { register } from '../support/sipp-register.js';
import { createSippFleet, type SippFleet } from '../support/sipp.js';
import { startStack, type Stack } from '../support/stack.js';
import { NUMBERS } from './county-fixture.js';

/**
 * Real Asterisk on the configuration the Docker image starts with: dialplan/ with the deployment's
 * phones as a template, run through docker/asterisk-entrypoint.sh with a phone passwords file and
 * the carrier's address. No engine runs, so a town call takes the dialplan's fallback: it rings the
 * town hall's phones directly.
 */
const CARRIER = '127.0.0.3';
const OTHER = '127.0.0.1';
const passwordOf = (endpoint: string) => `${endpoint.replace(/[^a-z0-9]/g, '')}-Xk29fQ7wLm`;

describe('Asterisk as the Docker image configures it', () => {
  let stack: Stack;
  let sipp: SippFleet;
  let passwordsFile: string;

  beforeAll(async () => {
    const phones = phoneEndpoints(loadDeployment(join(ROOT, 'config/county.yaml')));
    stack = await startStack({
      prepareConfig: ({ etcDir, sipPort, httpPort, ariPassword }) => {
        rmSync(join(etcDir, 'pjsip_phones.conf'));
        writeFileSync(join(etcDir, 'pjsip_phones.conf.in'), renderPhoneSections(phones, 'placeholder'));
        passwordsFile = join(etcDir, 'phone-passwords');
        writeFileSync(passwordsFile, phones.map((p) => `${p.endpoint}=${passwordOf(p.endpoint)}`).join('\n'));
        const env = {
          PATH: process.env['PATH'] ?? '', ASTERISK_CONF_DIR: etcDir, PHONE_PASSWORDS_FILE: passwordsFile,
          ARI_PASSWORD: ariPassword, TRUNK_ADDRESSES: CARRIER, SIP_BIND_ADDRESS: '127.0.0.1', SIP_PORT: String(sipPort), ARI_PORT: String(httpPort),
        };
        const result = spawnSync('sh', [join(ROOT, 'docker/asterisk-entrypoint.sh'), 'true'], { env, encoding: 'utf8' });
        if (result.status !== 0) throw new Error(`entrypoint refused: ${result.stderr}`);
      },
    });
    sipp = createSippFleet(stack);
  }, 60_000);

  afterAll(async () => {
    await sipp?.stop();
    await stack?.stop();
  });

  it('lets a phone register with its password from the passwords file, and not with the public sample', async () => {
    const target = { sipPort: stack.sipPort, logDir: stack.logs.dir };
    await expect(register(target, 'agent-1', passwordOf('agent-1'), 5999, 60)).resolves.toBeUndefined();
    await expect(register(target, 'agent-2', 'agent-2-secret', 5998, 60)).rejects.toThrow(/REGISTER agent-2/);
    await register(target, 'agent-1', passwordOf('agent-1'), 5999, 0);
  });

  it("puts a call from the carrier's address through to the town hall, and refuses one from any other address", async () => {
    const townHall = await sipp.phone({ endpoint: 'quickborn-1', password: passwordOf('quickborn-1'), behaviour: { kind: 'answer', afterMs: 100 } });
    await sipp.phone({ endpoint: 'quickborn-2', password: passwordOf('quickborn-2'), behaviour: { kind: 'busy' } });
    const citizen = await sipp.call({ to: NUMBERS.quickborn, from: '04106612345', localIp: CARRIER, hangUpAfterAnswerMs: 300 });
    const answered = await citizen.waitForEnd(20_000);
    expect(answered.outcome).toBe('local-hangup');
    expect(townHall.counts().answered).toBe(1);

    const stranger = await sipp.call({ to: NUMBERS.quickborn, from: '04106654321', localIp: OTHER });
    const refused = await stranger.waitForEnd(20_000);
    // No endpoint matches its address: Asterisk challenges it, and it has nothing to answer with.
    expect(refused.outcome).toBe('rejected');
    expect(refused.rejectedStatus).toBe(401);
    expect(refused.answeredAt).toBeUndefined();
    expect(townHall.counts().offered).toBe(1);
  });
});
