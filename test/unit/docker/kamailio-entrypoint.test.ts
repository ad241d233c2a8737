import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../support/compose-file.js';

/**
 * docker/kamailio-entrypoint.sh with Debian's Kamailio (scripts/provision.sh installs it): the files
 * it writes, and Kamailio's own check of the configuration it is started with (`kamailio -c`).
 */
const work = mkdtempSync(join(tmpdir(), 'ovr-kamailio-entrypoint-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let runs = 0;

function start(settings: Record<string, string | undefined>, passwords: string) {
  const dir = join(work, `run-${++runs}`);
  const file = join(work, `passwords-${runs}`);
  writeFileSync(file, passwords);
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '', KAMAILIO_DIR: dir, KAMAILIO_CFG: join(ROOT, 'dialplan/kamailio/kamailio.cfg'), PHONE_PASSWORDS_FILE: file,
  };
  for (const [k, v] of Object.entries({ ASTERISK_SIP_ADDRESSES: '127.0.0.1:5070,127.0.0.1:5080', KAMAILIO_LISTEN: '127.0.0.1:5060', ...settings })) if (v !== undefined) env[k] = v;
  const result = spawnSync('sh', [join(ROOT, 'docker/kamailio-entrypoint.sh'), '-c'], { env, encoding: 'utf8' });
  return { ...result, read: (name: string) => readFileSync(join(dir, name), 'utf8') };
}

describe('docker/kamailio-entrypoint.sh', () => {
  it('writes the dispatcher list and the password table, and starts Kamailio on a configuration it accepts', () => {
    const result = start({ CARRIER_SUBNET: '192.0.2.0/24' }, '# phones\nagent-1=3f9a0c2e7b1d4a6f\nquickborn-1=Zq8+/x=abc.DEF_gh\n');
    expect(result.stderr).toContain('config file ok');
    expect(result.status).toBe(0);
    expect(result.read('dispatcher.list')).toBe('1 sip:127.0.0.1:5070 0 0\n1 sip:127.0.0.1:5080 0 0\n');
    expect(result.read('db/phones')).toBe('username(str) password(str)\nagent-1:3f9a0c2e7b1d4a6f\nquickborn-1:Zq8+/x=abc.DEF_gh\n');
  });

  it('refuses to start with every problem listed at once', () => {
    const result = start({ ASTERISK_SIP_ADDRESSES: undefined, KAMAILIO_LISTEN: '5060', CARRIER_SUBNET: 'everyone' }, 'agent-1=short\n');
    expect(result.status).toBe(2);
    for (const line of ['KAMAILIO_LISTEN must be address:port', 'ASTERISK_SIP_ADDRESSES is not set', 'CARRIER_SUBNET must be a network', 'the password 12 or more']) {
      expect(result.stderr).toContain(line);
    }
    expect(result.stderr).not.toContain('config file ok');
  });
});
