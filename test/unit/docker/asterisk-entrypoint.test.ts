import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { phoneEndpoints, renderPhoneSections, renderProxiedPhoneSections } from '../../../scripts/lib/phone-sections.js';
import { loadDeployment } from '../../../src/config/index.js';
import { SAMPLE_ARI_PASSWORDS } from '../../../src/config/sample-env-secrets.js';
import { ROOT } from '../../support/compose-file.js';

/**
 * docker/asterisk-entrypoint.sh, run on a copy of dialplan/ as the Asterisk image holds it (the
 * phones rendered with placeholders): what Asterisk would start with, or why it does not start.
 */
const work = mkdtempSync(join(tmpdir(), 'ovr-entrypoint-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const phones = phoneEndpoints(loadDeployment(join(ROOT, 'config/county.yaml')));
const PASSWORD = 'q9Z+/x=abc.DEF_ghi~jkl-mn0';
const passwordOf = (endpoint: string) => `pw-${endpoint.replace(/[^a-z0-9]/g, '')}-7f3a9c21`;
const allPasswords = (): string => phones.map((p) => `${p.endpoint}=${passwordOf(p.endpoint)}`).join('\n');
let runs = 0;

/** A fresh image's /etc/asterisk: dialplan/ with the deployment's phones as a template. */
function freshConf(): string {
  const dir = join(work, `conf-${++runs}`);
  cpSync(join(ROOT, 'dialplan'), dir, { recursive: true });
  rmSync(join(dir, 'pjsip_phones.conf'));
  writeFileSync(join(dir, 'pjsip_phones.conf.in'), renderPhoneSections(phones, 'placeholder'));
  writeFileSync(join(dir, 'pjsip_phones_via_proxy.conf.in'), renderProxiedPhoneSections(phones, 'sip-proxy.invalid:5060'));
  return dir;
}

function start(dir: string, settings: Record<string, string | undefined>, passwords: string = allPasswords()) {
  const passwordsFile = join(work, `phone-passwords-${runs}`);
  writeFileSync(passwordsFile, passwords);
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '', ASTERISK_CONF_DIR: dir, PHONE_PASSWORDS_FILE: passwordsFile };
  const all = { ARI_PASSWORD: PASSWORD, TRUNK_ADDRESSES: '192.0.2.10', ...settings };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) env[k] = v;
  const result = spawnSync('sh', [join(ROOT, 'docker/asterisk-entrypoint.sh'), 'echo', 'asterisk started'], { env, encoding: 'utf8' });
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return { ...result, read };
}

describe('docker/asterisk-entrypoint.sh', () => {
  it('writes ARI_PASSWORD into ari.conf in place of the sample, then runs the command', () => {
    const result = start(freshConf(), {});
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('asterisk started\n');
    expect(result.read('ari.conf')).toMatch(new RegExp(`^\\[engine\\][^[]*^password = ${PASSWORD.replace(/[+/=.~-]/g, '\\$&')}$`, 'm'));
    for (const sample of SAMPLE_ARI_PASSWORDS) expect(result.read('ari.conf')).not.toContain(sample);
  });

  it('binds SIP to every interface by default and recognises the trunk by the carrier addresses only', () => {
    const result = start(freshConf(), { TRUNK_ADDRESSES: '192.0.2.10,198.51.100.0/28' });
    expect(result.status).toBe(0);
    const pjsip = result.read('pjsip.conf');
    expect(pjsip).toMatch(/^bind = 0\.0\.0\.0:5060$/m);
    expect(pjsip).toMatch(/^\[trunk-identify\][^[]*^match = 192\.0\.2\.10,198\.51\.100\.0\/28$/m);
    expect(pjsip).not.toMatch(/^external_/m);
    expect(result.read('rtp.conf')).toMatch(/^rtpstart = 10000\nrtpend = 20000$/m);
    expect(result.read('http.conf')).toMatch(/^bindaddr = 127\.0\.0\.1\nbindport = 8088$/m);
  });

  it('takes the addresses, ports and NAT settings of the environment, the same after a restart', () => {
    const dir = freshConf();
    const settings = {
      SIP_BIND_ADDRESS: '10.1.2.3', SIP_PORT: '5070', SIP_EXTERNAL_ADDRESS: '203.0.113.5', SIP_LOCAL_NETS: '10.0.0.0/8,192.168.7.0/24',
      RTP_START: '30000', RTP_END: '30999', VIDEO_TRUNK_ADDRESSES: '198.51.100.77', ARI_PORT: '8099',
    };
    const first = start(dir, settings);
    expect(first.status).toBe(0);
    // A container restarts on the same files: the result must not grow.
    const again = start(dir, settings);
    expect(again.status).toBe(0);
    const pjsip = again.read('pjsip.conf');
    expect(pjsip).toBe(first.read('pjsip.conf'));
    expect(pjsip).toMatch(/^bind = 10\.1\.2\.3:5070\nexternal_media_address = 203\.0\.113\.5\nexternal_signaling_address = 203\.0\.113\.5\nlocal_net = 10\.0\.0\.0\/8\nlocal_net = 192\.168\.7\.0\/24$/m);
    expect(again.read('pjsip_wizard.conf')).toMatch(/^remote_hosts = 198\.51\.100\.77$/m);
    expect(again.read('rtp.conf')).toMatch(/^rtpstart = 30000\nrtpend = 30999$/m);
    expect(again.read('http.conf')).toMatch(/^bindport = 8099$/m);
    expect(start(freshConf(), { SIP_BIND_ADDRESS: '2001:db8::5' }).read('pjsip.conf')).toMatch(/^bind = \[2001:db8::5\]:5060$/m);
  });

  it('gives every phone its password from the file, and a changed file takes effect at the next start', () => {
    const dir = freshConf();
    const result = start(dir, {}, `# phones\n\n${allPasswords()}\n`);
    expect(result.status).toBe(0);
    const conf = result.read('pjsip_phones.conf');
    for (const { endpoint } of phones) expect(conf).toMatch(new RegExp(`^\\[${endpoint}\\][^[]*^inbound_auth/password = ${passwordOf(endpoint)}$`, 'm'));
    expect(conf).not.toContain('@PASSWORD:');
    const changed = allPasswords().replace(`agent-1=${passwordOf('agent-1')}`, 'agent-1=a-new-password-4711');
    expect(start(dir, {}, changed).read('pjsip_phones.conf')).toMatch(/^\[agent-1\][^[]*^inbound_auth\/password = a-new-password-4711$/m);
  });

  it('leaves dialplan/ as it is (the sample phones of the demo and tests) when there is no template', () => {
    const dir = freshConf();
    rmSync(join(dir, 'pjsip_phones.conf.in'));
    cpSync(join(ROOT, 'dialplan/pjsip_phones.conf'), join(dir, 'pjsip_phones.conf'));
    const result = start(dir, {}, '');
    expect(result.status).toBe(0);
    expect(result.read('pjsip_phones.conf')).toBe(readFileSync(join(ROOT, 'dialplan/pjsip_phones.conf'), 'utf8'));
  });

  it('refuses to start with every problem listed at once, and changes nothing', () => {
    const dir = freshConf();
    const before = readFileSync(join(dir, 'pjsip.conf'), 'utf8');
    const passwords = allPasswords()
      .split('\n')
      .filter((l) => !l.startsWith('hasloh-1='))
      .map((l) => (l.startsWith('agent-2=') ? 'agent-2=agent-2-secret' : l.startsWith('agent-3=') ? 'agent-3=short' : l))
      .map((l) => (l.startsWith('agent-4=') ? 'agent-4=semi;colon-in-password' : l))
      .concat(['agent-9=some-long-password-1', 'agent-1=twice-the-same-phone-1', 'no equals sign']);
    const result = start(dir, { ARI_PASSWORD: SAMPLE_ARI_PASSWORDS[0], TRUNK_ADDRESSES: undefined, SIP_PORT: '70000', RTP_START: '20000', RTP_END: '10000' }, passwords.join('\n'));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    const reported = [
      'ARI_PASSWORD is the sample password',
      'TRUNK_ADDRESSES is not set',
      'SIP_PORT must be a port number from 1 to 65535, not "70000"',
      'RTP_START (20000) must be below RTP_END (10000)',
      'the password of agent-2 is the public sample',
      'the password of agent-3 is shorter than 12 characters',
      '"agent-9" is not a phone of the deployment file',
      '"agent-1" has a password already',
      'not endpoint=password',
      'the password of agent-4 may contain only',
      'has no password for the phone hasloh-1',
    ];
    for (const line of reported) expect(result.stderr).toContain(line);
    expect(result.stderr.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(reported.length);
    expect(readFileSync(join(dir, 'pjsip.conf'), 'utf8')).toBe(before);
  });

  it('refuses a missing or unsafe ARI_PASSWORD, a missing passwords file, and addresses that are not addresses', () => {
    for (const password of [undefined, '', 'semi;colon', 'amp&ersand']) {
      const result = start(freshConf(), { ARI_PASSWORD: password });
      expect(result.status, String(password)).toBe(2);
      expect(result.stderr).toContain('ARI_PASSWORD');
    }
    for (const [name, value] of [['TRUNK_ADDRESSES', '192.0.2.1 192.0.2.2'], ['TRUNK_ADDRESSES', '192.0.2.1,'], ['SIP_BIND_ADDRESS', '10.0.0.1,10.0.0.2'], ['SIP_LOCAL_NETS', '10.0.0.0/8;x']] as const) {
      const result = start(freshConf(), { [name]: value });
      expect(result.status, `${name}=${value}`).toBe(2);
      expect(result.stderr).toContain(`${name} must be`);
    }
    const dir = freshConf();
    const env = { PATH: process.env['PATH'] ?? '', ASTERISK_CONF_DIR: dir, PHONE_PASSWORDS_FILE: join(work, 'no-such-file'), ARI_PASSWORD: PASSWORD, TRUNK_ADDRESSES: '192.0.2.10' };
    const missing = spawnSync('sh', [join(ROOT, 'docker/asterisk-entrypoint.sh'), 'true'], { env, encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('npm run -s phone-passwords > phone-passwords');
  });

  it("as one of several servers behind Kamailio: its own systemname, and every phone reached through the proxy, with no passwords here", () => {
    const dir = freshConf();
    const result = start(dir, { ASTERISK_SYSTEM_NAME: 'ast2', PHONES_VIA_PROXY: '10.0.0.10:5060', TRUNK_ADDRESSES: '10.0.0.10' }, '');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.read('asterisk.conf')).toMatch(/^systemname = ast2$/m);
    const conf = result.read('pjsip_phones.conf');
    for (const { endpoint } of phones) expect(conf).toContain(`aor/contact = sip:${endpoint}@10.0.0.10:5060`);
    expect(conf).not.toContain('sip-proxy.invalid');
    expect(conf).not.toContain('inbound_auth');
    expect(result.read('pjsip.conf')).toMatch(/^match = 10\.0\.0\.10$/m);
    const refused = start(freshConf(), { ASTERISK_SYSTEM_NAME: 'ast-2', PHONES_VIA_PROXY: 'sip://10.0.0.10' }, '');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('ASTERISK_SYSTEM_NAME may contain only letters, digits and _');
    expect(refused.stderr).toContain("PHONES_VIA_PROXY must be the SIP proxy's host:port");
  });
});
