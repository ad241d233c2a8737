import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_ARI_PASSWORDS, SAMPLE_CALLER_HASH_SALTS } from '../../../src/config/sample-env-secrets.js';
import { MissingVariable, parseCompose, readRepoFile, renderCompose, ROOT, servicesOf, variablesOf, type ComposeService } from '../../support/compose-file.js';

/** What a docker-compose user relies on, checked without a Docker engine (and with it, where there is one). */

const composeText = readRepoFile('docker-compose.yml');
/** Without comment lines, which may show the syntax (`${VAR:?…}`) without using it. */
const composeBody = composeText.split('\n').filter((line) => !/^\s*#/.test(line)).join('\n');
const asWritten = parseCompose(composeText);

const SECRETS = ['ARI_PASSWORD', 'REDIS_PASSWORD', 'CALLER_HASH_SALT'];
/** What compose refuses to start without. */
const REQUIRED = [...SECRETS, 'TRUNK_ADDRESSES'];
const ENV = {
  ARI_PASSWORD: 'q9Z+/x=abc.DEF_ghi~jkl-mn0',
  REDIS_PASSWORD: '5f2b8c0e9a7d41c3b6e8f0a2d4c6e8b0',
  CALLER_HASH_SALT: 'salt-of-this-deployment-0123456789',
  TRUNK_ADDRESSES: '192.0.2.10,198.51.100.0/28',
};
const rendered = renderCompose(composeText, ENV);
const service = (name: string, file = rendered): ComposeService => {
  const s = file.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
};
const env = (name: string, file = rendered): Record<string, string> => service(name, file).environment ?? {};
/** A setting holding a secret itself (a file's path is not one). */
const looksSecret = (key: string) => /PASSWORD|SALT|SECRET|TOKEN|KEY|AUTH/.test(key) && !key.endsWith('_FILE');

describe('docker-compose.yml', () => {
  it('refuses to start while a secret or the carrier address is missing from .env, and says which', () => {
    for (const name of REQUIRED) {
      const without: Record<string, string> = { ...ENV, [name]: '' };
      expect(() => renderCompose(composeText, without), name).toThrow(MissingVariable);
      expect(() => renderCompose(composeText, without), name).toThrow(new RegExp(`${name}.*set ${name} in \\.env`));
    }
  });

  it('takes every secret from .env: required ones guarded, the optional sentinel password empty by default', () => {
    const variables = variablesOf(composeBody);
    for (const { name, rest } of variables) {
      if (REQUIRED.includes(name)) expect(rest, name).toMatch(/^:\?\S/);
      // Anything else has a default, so that a forgotten line never becomes an empty value silently.
      else expect(rest, name).toMatch(/^:-/);
    }
    expect(variables.filter((v) => looksSecret(v.name) && !REQUIRED.includes(v.name)).map((v) => `${v.name}${v.rest}`)).toEqual(['REDIS_SENTINEL_PASSWORD:-']);
    for (const [name, s] of Object.entries(asWritten.services)) {
      for (const [key, value] of Object.entries(s.environment ?? {})) {
        if (looksSecret(key)) expect(value, `${name}.environment.${key}`).toMatch(/^\$\{\w+:[?-][^}]*\}$/);
      }
    }
  });

  it('writes no literal secret', () => {
    for (const sample of [...SAMPLE_ARI_PASSWORDS, ...SAMPLE_CALLER_HASH_SALTS]) expect(composeText).not.toContain(sample);
    const urls = Object.values(asWritten.services).flatMap((svc) => Object.values(svc.environment ?? {})).filter((v) => /^\w+:\/\//.test(v));
    expect(urls.length).toBeGreaterThan(1);
    for (const url of urls.filter((u) => u.includes('@'))) {
      const userinfo = url.slice(url.indexOf('//') + 2, url.lastIndexOf('@'));
      expect(userinfo, url).toMatch(/^\w*:\$\{REDIS_PASSWORD:\?[^}]+\}$/);
    }
  });

  it('makes Redis require the password and gives it to both engines; Asterisk and the engines share the ARI password', () => {
    for (const name of ['redis', 'redis-replica']) {
      const command = service(name).command ?? [];
      expect(command[command.indexOf('--requirepass') + 1], name).toBe(ENV.REDIS_PASSWORD);
      // A server follows a new primary after a failover only if it can authenticate to it.
      expect(command[command.indexOf('--masterauth') + 1], name).toBe(ENV.REDIS_PASSWORD);
    }
    for (const engine of ['engine', 'engine-standby', 'engine-segeberg', 'engine-segeberg-standby']) {
      expect(env(engine)['REDIS_URL']).toBe(`redis://:${ENV.REDIS_PASSWORD}@127.0.0.1:6379`);
      expect(env(engine)['ARI_PASSWORD']).toBe(ENV.ARI_PASSWORD);
      expect(env(engine)['CALLER_HASH_SALT']).toBe(ENV.CALLER_HASH_SALT);
      // Production mode refuses the sample secrets of the repository.
      expect(env(engine)['ENGINE_MODE']).toBe('production');
    }
    expect(env('asterisk')['ARI_PASSWORD']).toBe(ENV.ARI_PASSWORD);
  });

  it('puts SIP and RTP on the LAN, the trunk on the carrier addresses, and ARI on 127.0.0.1 where the engine dials it', () => {
    for (const [name, s] of Object.entries(rendered.services)) expect(s.network_mode, name).toBe('host');
    expect(env('asterisk')).toMatchObject({ SIP_BIND_ADDRESS: '0.0.0.0', SIP_PORT: '5060', TRUNK_ADDRESSES: ENV.TRUNK_ADDRESSES, RTP_START: '10000', RTP_END: '20000', ARI_BIND_ADDRESS: '127.0.0.1', ARI_PORT: '8088' });
    expect(env('engine')['ARI_URL']).toBe('http://127.0.0.1:8088');
    const moved = renderCompose(composeText, { ...ENV, SIP_BIND_ADDRESS: '10.1.2.3', SIP_EXTERNAL_ADDRESS: '203.0.113.5' });
    expect(env('asterisk', moved)).toMatchObject({ SIP_BIND_ADDRESS: '10.1.2.3', SIP_EXTERNAL_ADDRESS: '203.0.113.5' });
  });

  it('with the ha settings of .env.example, runs two Asterisk servers behind Kamailio on one box without two services on one port', () => {
    const section = readRepoFile('.env.example').split('# --- The ha profile')[1] ?? '';
    const ha = Object.fromEntries([...section.matchAll(/^#(\w+)=(.*)$/gm)].map(([, k, v]) => [k ?? '', (v ?? '').startsWith('<') ? ENV.REDIS_PASSWORD : (v ?? '')]));
    expect(Object.keys(ha)).toEqual(expect.arrayContaining(['REDIS_SENTINELS', 'KAMAILIO_HOST', 'SIP_PORT', 'PHONES_VIA_PROXY', 'ASTERISK_SYSTEM_NAME', 'ARI_URLS']));
    const file = renderCompose(composeText, { ...ENV, ...ha });
    const e = (name: string) => env(name, file);
    const asterisks = ['asterisk', 'asterisk-2'];
    const udp: [string, number][] = [['kamailio', Number(e('kamailio')['KAMAILIO_LISTEN']?.split(':')[1])]];
    const tcp: [string, number][] = [];
    for (const name of asterisks) {
      udp.push([name, Number(e(name)['SIP_PORT'])]);
      tcp.push([name, Number(e(name)['ARI_PORT'])]);
    }
    for (const name of ['redis', 'redis-replica']) {
      const command = service(name, file).command ?? [];
      tcp.push([name, Number(command[command.indexOf('--port') + 1])]);
    }
    for (const name of ['sentinel-1', 'sentinel-2', 'sentinel-3']) tcp.push([name, Number(e(name)['SENTINEL_PORT'])]);
    for (const name of ['engine', 'engine-standby', 'engine-segeberg', 'engine-segeberg-standby']) tcp.push([name, Number(e(name)['HTTP_PORT'])]);
    const twice = (list: [string, number][]) => list.filter(([, port], i) => list.findIndex(([, p]) => p === port) !== i);
    expect(twice(udp)).toEqual([]);
    expect(twice(tcp)).toEqual([]);
    // The media ranges of the two servers do not meet, nor any SIP port.
    const [first, second] = asterisks.map((name) => [Number(e(name)['RTP_START']), Number(e(name)['RTP_END'])] as const);
    if (!first || !second) throw new Error('two Asterisk servers expected');
    expect(first[1] < second[0] || second[1] < first[0]).toBe(true);
    for (const [, port] of udp) for (const [start, end] of [first, second]) expect(port < start || port > end).toBe(true);
    // Kamailio spreads the calls over both servers' SIP ports; the engine drives both servers' ARI.
    expect(e('kamailio')['ASTERISK_SIP_ADDRESSES']?.split(',').map((a) => Number(a.split(':')[1])).sort()).toEqual(asterisks.map((n) => Number(e(n)['SIP_PORT'])).sort());
    for (const engine of ['engine', 'engine-standby', 'engine-segeberg', 'engine-segeberg-standby']) {
      expect(e(engine)['ARI_URL']?.split(',').map((u) => Number(new URL(u).port)).sort()).toEqual(asterisks.map((n) => Number(e(n)['ARI_PORT'])).sort());
      expect(e(engine)['REDIS_SENTINELS']).toBe(ha['REDIS_SENTINELS']);
    }
    // Each server its own systemname; both reach the phones at Kamailio and take calls from it only.
    expect(new Set(asterisks.map((n) => e(n)['ASTERISK_SYSTEM_NAME'])).size).toBe(2);
    for (const name of asterisks) {
      expect(e(name)['PHONES_VIA_PROXY'], name).toBe(e('kamailio')['KAMAILIO_LISTEN']);
      expect(e(name)['TRUNK_ADDRESSES'], name).toBe(ha['KAMAILIO_HOST']);
    }
  });

  it('checks the health of every service, and starts a service only once what it needs is healthy', () => {
    for (const [name, s] of Object.entries(rendered.services)) {
      expect(s.healthcheck?.test.length, `${name}.healthcheck`).toBeGreaterThan(1);
      for (const [needed, { condition }] of Object.entries(s.depends_on ?? {})) {
        expect(condition, `${name} → ${needed}`).toBe('service_healthy');
        expect(rendered.services[needed]?.healthcheck, `${needed} has a health check`).toBeDefined();
      }
    }
    expect(Object.keys(service('engine').depends_on ?? {}).sort()).toEqual(['asterisk', 'redis']);
  });

  it('pins every image to a full version, and Asterisk to one Debian package version from a snapshot of the archive', () => {
    for (const [name, s] of Object.entries(rendered.services)) {
      if (s.image) expect(s.image, name).toMatch(/^[\w./-]+:\d+\.\d+\.\d+(-[\w.]+)?$/);
    }
    const asterisk = readRepoFile('docker/asterisk.Dockerfile');
    const engine = readRepoFile('docker/engine.Dockerfile');
    for (const dockerfile of [asterisk, engine]) expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:\d+\.\d+\.\d+-bookworm-slim$/m);
    const kamailio = readRepoFile('docker/kamailio.Dockerfile');
    expect(kamailio).toMatch(/^ARG DEBIAN_IMAGE=debian:\d+\.\d+-slim$/m);
    expect(kamailio).toMatch(/^ARG KAMAILIO_VERSION=\d+\.\d+\.\d+-\d+$/m);
    expect(kamailio).toContain('"kamailio=${KAMAILIO_VERSION}"');
    expect(asterisk).toMatch(/^ARG ASTERISK_VERSION=1:22\.\d+\.\d+\S*$/m);
    expect(asterisk).toMatch(/^ARG DEBIAN_SNAPSHOT=\d{8}T\d{6}Z$/m);
    expect(asterisk).toContain('http://snapshot.debian.org/archive/debian/${DEBIAN_SNAPSHOT} sid main');
    expect(asterisk).toContain('"asterisk=${ASTERISK_VERSION}"');
  });

  it('builds from files that exist, and starts Asterisk through the entrypoint that writes its secrets and network', () => {
    for (const s of Object.values(rendered.services)) {
      if (s.build) expect(existsSync(join(ROOT, s.build.context, s.build.dockerfile)), s.build.dockerfile).toBe(true);
    }
    for (const path of ['docker/asterisk.Dockerfile', 'docker/engine.Dockerfile', 'docker/kamailio.Dockerfile']) {
      // Every source of every COPY from the build context (not from an earlier stage).
      const sources = [...readRepoFile(path).matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((m) => (m[1] ?? '').split(/\s+/).slice(0, -1));
      expect(sources.length, path).toBeGreaterThan(1);
      for (const source of sources) expect(existsSync(join(ROOT, source)), `${path}: COPY ${source}`).toBe(true);
    }
    const dockerfile = readRepoFile('docker/asterisk.Dockerfile');
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/local\/lib\/overflow-asterisk\/asterisk-entrypoint\.sh"\]$/m);
    expect(dockerfile).toMatch(/^RUN npx tsx scripts\/render-phones\.ts --placeholders \$CONFIGS > \/out\/pjsip_phones\.conf\.in$/m);
    // Every engine's deployment file is rendered into the image: its phones and its announcements.
    const configs = /^ARG CONFIGS="(.+)"$/m.exec(dockerfile)?.[1]?.split(' ') ?? [];
    const engines = Object.values(rendered.services).flatMap((s) => (s.build?.dockerfile === 'docker/engine.Dockerfile' && s.environment?.['CONFIG'] ? [s.environment['CONFIG']] : []));
    expect([...new Set(engines)].sort()).toEqual([...configs].sort());
    for (const s of Object.values(rendered.services)) {
      for (const volume of s.volumes ?? []) if (volume.startsWith('./')) expect(existsSync(join(ROOT, volume.split(':')[0] ?? '')), volume).toBe(true);
    }
  });

  it('gives Asterisk the phone passwords file as a secret, which git and the build ignore', () => {
    expect(rendered.secrets?.['phone_passwords']?.file).toBe('./phone-passwords');
    for (const name of ['asterisk', 'asterisk-2', 'kamailio']) {
      expect(service(name).secrets, name).toEqual(['phone_passwords']);
      expect(env(name)['PHONE_PASSWORDS_FILE'], name).toBe('/run/secrets/phone_passwords');
    }
    expect(readRepoFile('.gitignore').split('\n')).toContain('phone-passwords');
    expect(readRepoFile('.dockerignore').split('\n')).toContain('phone-passwords');
  });

  it('starts one box by default, and with the ha profile a replica, three sentinels, a standby engine, a second Asterisk and Kamailio', () => {
    expect(servicesOf(rendered).sort()).toEqual(['asterisk', 'engine', 'engine-segeberg', 'redis']);
    expect(servicesOf(rendered, 'ha').sort()).toEqual([
      'asterisk',
      'asterisk-2',
      'engine',
      'engine-segeberg',
      'engine-segeberg-standby',
      'engine-standby',
      'kamailio',
      'redis',
      'redis-replica',
      'sentinel-1',
      'sentinel-2',
      'sentinel-3',
    ]);
    const replica = service('redis-replica').command ?? [];
    expect(replica.slice(replica.indexOf('--replicaof') + 1, replica.indexOf('--replicaof') + 3)).toEqual(['127.0.0.1', '6379']);
    const sentinelPorts = ['sentinel-1', 'sentinel-2', 'sentinel-3'].map((s) => env(s)['SENTINEL_PORT']);
    expect(new Set(sentinelPorts).size).toBe(3);
    // The example in .env.example names exactly these sentinels.
    const example = /^#REDIS_SENTINELS=(.+)$/m.exec(readRepoFile('.env.example'))?.[1] ?? '';
    expect(example.split(',').map((a) => a.split(':')[1]).sort()).toEqual([...sentinelPorts].sort());
    // Two engines on one box need two HTTP ports; otherwise they run alike.
    const { HTTP_PORT: standbyPort, ...standby } = env('engine-standby');
    const { HTTP_PORT: activePort, ...active } = env('engine');
    expect(standbyPort).not.toBe(activePort);
    expect(standby).toEqual(active);
    const { HTTP_PORT: segebergStandbyPort, ...segebergStandby } = env('engine-segeberg-standby');
    const { HTTP_PORT: segebergPort, ...segeberg } = env('engine-segeberg');
    expect(segebergStandbyPort).not.toBe(segebergPort);
    expect(segebergStandby).toEqual(segeberg);
    // The second center: its own file, ARI application (the dialplan's) and key prefix; the rest as the first.
    expect(segeberg).toEqual({ ...active, CONFIG: 'config/kreis-segeberg.yaml', ARI_APP: 'overflow-segeberg', REDIS_PREFIX: 'ovr-segeberg:' });
    expect(readRepoFile('dialplan/extensions.conf')).toMatch(/^ENGINE_APP_SEGEBERG = overflow-segeberg$/m);
  });

  it.skipIf(spawnSync('docker', ['compose', 'version']).status !== 0)('is valid to docker compose itself (where Docker is installed)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ovr-compose-'));
    try {
      const envFile = join(dir, '.env');
      writeFileSync(envFile, Object.entries(ENV).map(([k, v]) => `${k}=${v}`).join('\n'));
      const result = spawnSync('docker', ['compose', '--env-file', envFile, '-f', join(ROOT, 'docker-compose.yml'), '--profile', 'ha', 'config', '--quiet'], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('.env.example', () => {
  const example = readRepoFile('.env.example');
  const assignments = [...example.matchAll(/^(\w+)=(.*)$/gm)];

  it('names what compose requires with an empty placeholder, and how to generate each secret', () => {
    expect(assignments.map((m) => m[1]).sort()).toEqual([...REQUIRED].sort());
    for (const [line, , value] of assignments) expect(value, line).toBe('');
    expect(example).toContain('openssl rand -base64 32');
    expect(example).toContain('openssl rand -hex 32');
    expect(example).toContain('npm run -s phone-passwords > phone-passwords');
  });

  it('documents every other variable of docker-compose.yml, with its default', () => {
    const optional = new Set(variablesOf(composeBody).filter((v) => !REQUIRED.includes(v.name)).map((v) => v.name));
    for (const name of optional) expect(example, name).toMatch(new RegExp(`^#${name}=`, 'm'));
    for (const { name, rest } of variablesOf(composeBody)) {
      const fallback = rest.startsWith(':-') ? rest.slice(2) : undefined;
      if (fallback) expect(example, name).toMatch(new RegExp(`^#${name}=${fallback.replace(/[./]/g, '\\$&')}$`, 'm'));
    }
  });

  it('is copied to .env, which git and the Docker build context ignore', () => {
    expect(readRepoFile('.gitignore').split('\n')).toContain('.env');
    expect(readRepoFile('.dockerignore').split('\n')).toContain('.env');
  });
});

