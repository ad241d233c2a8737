import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { phoneEndpoints, renderProxiedPhoneSections } from '../../scripts/lib/phone-sections.js';
import { loadDeployment } from '../../src/config/index.js';
import { setGlobals, setValue, withInstanceDirectories, type InstanceDirectories } from './asterisk-config.js';
import { isRunning, stopChild, track } from './child-processes.js';
import { sweepStale, writeOwner } from './stale-instances.js';
import { GiveUp, waitFor } from './wait-for.js';

const run = promisify(execFile);

export const DEFAULT_ROOTFS = '/var/cache/overflow-engine/asterisk-rootfs';
/** Where instances live, seen from inside the root filesystem. */
export const INSTANCES_DIR = '/var/lib/overflow-instances';
const DIALPLAN_DIR = fileURLToPath(new URL('../../dialplan/', import.meta.url));
const COUNTY_FILE = fileURLToPath(new URL('../../config/county.yaml', import.meta.url));

export interface AsteriskInstanceOptions {
  id: string;
  rootfs: string;
  sipPort: number;
  httpPort: number;
  ariPassword: string;
  /** Host directory for the console output and, after stop(), a copy of messages.log. */
  logDir: string;
  /** Dialplan globals to set, e.g. { ENGINE_APP: 'overflow-engine-test' }. */
  globals?: Record<string, string>;
  /** Changes the instance's configuration after it is written (e.g. as the Docker image's entrypoint would). */
  prepareConfig?: PrepareConfig;
  /**
   * asterisk.conf `systemname`: Asterisk prefixes every channel's unique id with it
   * (`<systemname>-<epoch seconds>.<n>`), so ids stay unique across several servers. Default the
   * dialplan's (`overflow`).
   */
  systemName?: string;
  /**
   * The phones register at this SIP proxy instead of here (dialplan/kamailio/): pjsip_phones.conf
   * as scripts/render-phones.ts --via-proxy writes it for the deployment file's phones.
   */
  phonesBehindProxy?: PhonesBehindProxy;
  bootTimeoutMs?: number;
}

export interface PhonesBehindProxy {
  /** The proxy's host:port, e.g. `127.0.0.1:5070`. */
  proxy: string;
  /** The AOR qualify interval (how soon a registration at the proxy shows here); default the template's. */
  qualifyFrequencySec?: number;
  /** Whose phones; default config/county.yaml, the deployment dialplan/pjsip_phones.conf is rendered from. */
  deploymentFile?: string;
}

/** Receives the host path of the instance's etc/ and its ports and ARI password. */
export type PrepareConfig = (instance: { etcDir: string; sipPort: number; httpPort: number; ariPassword: string }) => void;

export interface AsteriskInstance {
  readonly id: string;
  /**
   * Host paths: Asterisk's messages.log while it runs (inside the root filesystem), where
   * stop() copies it (`archivedMessages`), and the foreground console output.
   */
  readonly logs: { messages: string; archivedMessages: string; console: string };
  readonly pid: number | undefined;
  /** Runs one CLI command in the instance (`asterisk -rx`) and returns its output. */
  cli(command: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Asterisk as a private instance inside the shared root filesystem: its own etc/, run/ (control
 * socket), log/, spool/ and astdb under ROOTFS/var/lib/overflow-instances/<id>, so that two
 * instances can run side by side. Started in the foreground as root (never -U root: Asterisk
 * would drop the capabilities it needs to open its own files).
 */
export async function startAsteriskInstance(opts: AsteriskInstanceOptions): Promise<AsteriskInstance> {
  sweepStale(join(opts.rootfs, INSTANCES_DIR), { remove: 'all' });
  const inside = `${INSTANCES_DIR}/${opts.id}`;
  const host = join(opts.rootfs, inside);
  const own = { etc: `${inside}/etc`, varLib: `${inside}/lib`, spool: `${inside}/spool`, run: `${inside}/run`, log: `${inside}/log`, cache: `${inside}/cache` };
  for (const dir of [...Object.values(own), `${inside}/lib/keys`]) mkdirSync(join(opts.rootfs, dir), { recursive: true });
  const dirs: InstanceDirectories = { ...own, modules: modulesDirectory(opts.rootfs) };
  writeOwner(host, []);
  try {
    writeInstanceConfig(join(opts.rootfs, dirs.etc), dirs, opts);
  } catch (err) {
    rmSync(host, { recursive: true, force: true });
    throw err;
  }

  const confInside = `${dirs.etc}/asterisk.conf`;
  const logs = {
    messages: join(opts.rootfs, dirs.log, 'messages.log'),
    archivedMessages: join(opts.logDir, 'asterisk-messages.log'),
    console: join(opts.logDir, 'asterisk-console.log'),
  };
  const consoleFd = openSync(logs.console, 'a');
  const child = track(spawn('chroot', [opts.rootfs, '/usr/sbin/asterisk', '-f', '-n', '-C', confInside], {
    stdio: ['ignore', consoleFd, consoleFd],
  }));
  closeSync(consoleFd);
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  if (child.pid) writeOwner(host, [{ pid: child.pid, marker: confInside }]);

  const cli = async (command: string): Promise<string> => {
    const { stdout } = await run('chroot', [opts.rootfs, '/usr/sbin/asterisk', '-C', confInside, '-rx', command], { timeout: 10_000 });
    return stdout;
  };
  const instance: AsteriskInstance = {
    id: opts.id,
    logs,
    get pid() {
      return isRunning(child) ? child.pid : undefined;
    },
    cli,
    stop: () => stopInstance(child, cli, host, logs),
  };

  try {
    await waitUntilBooted(child, instance, opts, () => spawnError);
  } catch (err) {
    await instance.stop();
    throw err;
  }
  return instance;
}

/** Where Debian put Asterisk's modules: /usr/lib/<triplet>/asterisk/modules, the triplet of the machine's architecture. */
function modulesDirectory(rootfs: string): string {
  const lib = join(rootfs, 'usr/lib');
  const found = readdirSync(lib).find((entry) => existsSync(join(lib, entry, 'asterisk/modules')));
  if (!found) throw new Error(`no Asterisk modules under ${lib}/*/asterisk/modules: is the root filesystem provisioned (bash scripts/provision.sh)?`);
  return `/usr/lib/${found}/asterisk/modules`;
}

function writeInstanceConfig(etcHost: string, dirs: InstanceDirectories, opts: AsteriskInstanceOptions): void {
  for (const name of readdirSync(DIALPLAN_DIR)) {
    if (name.endsWith('.conf')) copyFileSync(join(DIALPLAN_DIR, name), join(etcHost, name));
  }
  const rewrite = (file: string, change: (text: string) => string): void => {
    writeFileSync(join(etcHost, file), change(readFileSync(join(etcHost, file), 'utf8')));
  };
  rewrite('asterisk.conf', (text) => withInstanceDirectories(text, dirs));
  rewrite('pjsip.conf', (text) => setValue(text, 'pjsip.conf', 'transport-udp', 'bind', `127.0.0.1:${opts.sipPort}`));
  rewrite('http.conf', (text) => setValue(text, 'http.conf', 'general', 'bindport', String(opts.httpPort)));
  rewrite('ari.conf', (text) => setValue(text, 'ari.conf', 'engine', 'password', opts.ariPassword));
  if (opts.globals) rewrite('extensions.conf', (text) => setGlobals(text, opts.globals ?? {}));
  const { systemName, phonesBehindProxy } = opts;
  if (systemName !== undefined) {
    if (!/^[A-Za-z0-9_-]+$/.test(systemName)) throw new Error(`systemname must be letters, digits, - and _: ${systemName}`);
    rewrite('asterisk.conf', (text) => setValue(text, 'asterisk.conf', 'options', 'systemname', systemName));
  }
  if (phonesBehindProxy) {
    const phones = phoneEndpoints(loadDeployment(phonesBehindProxy.deploymentFile ?? COUNTY_FILE));
    writeFileSync(join(etcHost, 'pjsip_phones.conf'), renderProxiedPhoneSections(phones, phonesBehindProxy.proxy));
    const seconds = phonesBehindProxy.qualifyFrequencySec;
    if (seconds !== undefined) {
      rewrite('pjsip_wizard.conf', (text) => setValue(text, 'pjsip_wizard.conf', 'phone-via-proxy', 'aor/qualify_frequency', String(seconds)));
    }
  }
  opts.prepareConfig?.({ etcDir: etcHost, sipPort: opts.sipPort, httpPort: opts.httpPort, ariPassword: opts.ariPassword });
}

async function waitUntilBooted(
  child: ChildProcess, instance: AsteriskInstance, opts: AsteriskInstanceOptions, spawnError: () => Error | undefined,
): Promise<void> {
  const timeoutMs = opts.bootTimeoutMs ?? 30_000;
  const alive = (): void => {
    const failed = spawnError();
    if (failed) throw new GiveUp(`cannot start asterisk: ${failed.message}`);
    if (!isRunning(child)) throw new GiveUp(`asterisk exited during start (code ${child.exitCode}), see ${instance.logs.console}`);
  };
  // The control socket appears early; `core waitfullybooted` returns once every module is loaded.
  await waitFor(async () => {
    alive();
    return (await instance.cli('core waitfullybooted')).includes('fully booted');
  }, { timeoutMs, what: `asterisk instance ${opts.id} fully booted` });
  await waitFor(async () => {
    alive();
    const auth = Buffer.from(`engine:${opts.ariPassword}`).toString('base64');
    const response = await fetch(`http://127.0.0.1:${opts.httpPort}/ari/asterisk/info`, { headers: { authorization: `Basic ${auth}` } });
    return response.ok;
  }, { timeoutMs, what: `ARI answering on 127.0.0.1:${opts.httpPort}` });
  await waitFor(async () => {
    alive();
    return (await instance.cli('pjsip show transports')).includes(`127.0.0.1:${opts.sipPort}`);
  }, { timeoutMs, what: `PJSIP UDP transport on 127.0.0.1:${opts.sipPort}` });
}

async function stopInstance(
  child: ChildProcess, cli: (command: string) => Promise<string>, host: string, logs: AsteriskInstance['logs'],
): Promise<void> {
  await stopChild(child, { ask: () => cli('core stop now'), graceMs: 5_000 });
  // Nothing of a finished instance stays in the shared root filesystem; its log moves next to
  // the other files of the stack, where a failed test's reader looks.
  if (existsSync(logs.messages)) copyFileSync(logs.messages, logs.archivedMessages);
  rmSync(host, { recursive: true, force: true });
}
