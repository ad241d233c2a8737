import { loadDeployment, type Deployment } from '../../src/config/index.js';
import type { Call } from '../../src/domain/call.js';
import { SAMPLE_FILES, writeTestCounty } from '../../test/support/test-county.js';
import type { EngineChild } from '../lib/engine-child.js';
import type { DeskWork } from './desk-work.js';
import type { EngineLogWatch } from './engine-log.js';

/**
 * The sample platform the demo runs (docs/configuration.md#several-service-centers-on-one-platform):
 * Kreis Pinneberg (config/county.yaml) and Kreis Segeberg (config/kreis-segeberg.yaml) on one
 * Asterisk and one Redis, one engine each with its own ARI application, Redis key prefix and HTTP
 * port, one PLATFORM_PREFIX for both. Each file names the other under `serviceCenter.partners`.
 */
export type CenterKey = 'pinneberg' | 'segeberg';

export interface DemoCenter {
  readonly key: CenterKey;
  /** "Pinneberg": how the demo's lines name the center. */
  readonly short: string;
  /** The sample file it is made from, as the README names it. */
  readonly sampleFile: string;
  /** The demo's copy of the sample file (timeouts, hours and the partner wait adjusted). */
  readonly configPath: string;
  readonly deployment: Deployment;
  /** Its engine's ARI application; the dialplan hands the center's numbers to it. */
  readonly app: string;
  readonly keyPrefix: string;
  /** Its team lead, whom the demo's reads of its queue and calls sign in as. */
  readonly operator: { readonly id: string; readonly secret: string };
}

/** A center while the morning runs: its engine, its log on the screen, its agents' desk work. */
export interface CenterRun {
  readonly center: DemoCenter;
  readonly engine: EngineChild;
  readonly log: EngineLogWatch;
  readonly deskWork: DeskWork;
  /** Its engine's call records (one per ended call), oldest first. */
  records(): Promise<Call[]>;
}

/** The Redis namespace where the two engines find each other (the board of the partner exchange). */
export const PLATFORM_PREFIX = 'demo-platform:';
/** Kreis Segeberg's ARI application: the dialplan global ENGINE_APP_SEGEBERG is set to it. */
export const SEGEBERG_APP = 'overflow-segeberg';

/**
 * How long a caller waits (since arrival, town ring included) before the other center may take
 * them. The sample files say 60 s; the demo's morning is short, so its callers go over sooner.
 */
export const PARTNER_WAIT_SEC = { fast: 10, real: 30 } as const;
export const SAMPLE_PARTNER_WAIT_SEC = 60;

const SPECS: readonly { key: CenterKey; short: string; sampleFile: string; file: string; partner: string; app: string | null; operator: string }[] = [
  { key: 'pinneberg', short: 'Pinneberg', sampleFile: 'config/county.yaml', file: SAMPLE_FILES.pinneberg, partner: 'kreis-segeberg', app: null, operator: 'teamlead' },
  { key: 'segeberg', short: 'Segeberg', sampleFile: 'config/kreis-segeberg.yaml', file: SAMPLE_FILES.segeberg, partner: 'kreis-pinneberg', app: SEGEBERG_APP, operator: 'teamlead-segeberg' },
];

/**
 * The demo's copies of both sample files: open around the clock, no wrap-up, short town timeouts
 * in fast mode, and each the other's partner after the demo's partner wait (still also when closed
 * or nobody is logged in, as the samples say). `pinnebergApp` is the stack's ENGINE_APP.
 */
export function demoCenters(opts: { fast: boolean; townTimeoutSec?: number }, pinnebergApp: string): DemoCenter[] {
  const afterWaitSec = opts.fast ? PARTNER_WAIT_SEC.fast : PARTNER_WAIT_SEC.real;
  return SPECS.map((spec) => {
    const configPath = writeTestCounty({
      ...(opts.townTimeoutSec !== undefined ? { overflowTimeoutSec: opts.townTimeoutSec } : {}),
      serviceCenter: { partners: [{ center: spec.partner, afterWaitSec, whenClosed: true, whenNobodyLoggedIn: true }] },
    }, spec.file);
    return {
      key: spec.key,
      short: spec.short,
      sampleFile: spec.sampleFile,
      configPath,
      deployment: loadDeployment(configPath),
      app: spec.app ?? pinnebergApp,
      keyPrefix: `demo-${spec.key}:`,
      operator: { id: spec.operator, secret: `${spec.operator}-secret` },
    };
  });
}

/** The platform's names: every center's agents and towns (ids are unique across the platform), and the centers. */
export interface PlatformNames {
  readonly town: (id: string) => string;
  readonly agentFullName: (id: string) => string | undefined;
  readonly center: (id: string) => string;
}

export function platformNames(centers: readonly DemoCenter[]): PlatformNames {
  const towns = new Map(centers.flatMap((c) => c.deployment.towns.map((t) => [String(t.id), t.name] as const)));
  const agents = new Map(centers.flatMap((c) => c.deployment.agents.map((a) => [String(a.id), a.name] as const)));
  const byId = new Map(centers.map((c) => [String(c.deployment.serviceCenter.id), c.deployment.serviceCenter.name.replace(/^Service-Center /, '')] as const));
  return {
    town: (id) => towns.get(id) ?? id,
    agentFullName: (id) => agents.get(id),
    center: (id) => byId.get(id) ?? id,
  };
}
