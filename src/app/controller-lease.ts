import type { Logger } from 'pino';

/** The lock that makes one engine the controller of an ARI application (see RedisControllerLock). */
export interface ControllerLock {
  readonly owner: string;
  readonly ttlMs: number;
  acquire(): Promise<boolean>;
  renew(): Promise<boolean>;
  release(): Promise<void>;
  holder(): Promise<string | null>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Resolves true once this engine holds the lock, false if `stopped()` turned true first. An engine
 * that finds the lock taken stands by and tries again every third of the lock's lifetime: at most
 * `ttlMs` after the controller dies, a standby takes over.
 */
export async function waitForControl(lock: ControllerLock, log: Logger, stopped: () => boolean): Promise<boolean> {
  let announced = false;
  while (!stopped()) {
    try {
      if (await lock.acquire()) {
        log.info({ owner: lock.owner }, 'controlling the ARI application');
        return true;
      }
      if (!announced) {
        log.info({ holder: await lock.holder() }, 'standing by: another engine controls the ARI application');
        announced = true;
      }
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'cannot reach redis for the controller lock');
    }
    await sleep(lock.ttlMs / 3);
  }
  return false;
}

/**
 * Renews the lock every third of its lifetime; `onLost` is called once, when another engine holds it.
 *
 * While Redis cannot be reached the engine keeps control: the lock lives in that Redis, so no other
 * engine can take it meanwhile, and stepping down would leave every caller in Stasis with nobody
 * there. When Redis answers again the lock may have expired (a restarted Redis drops expired keys):
 * the engine takes it again if it is free. Only a lock held by another engine means stepping down.
 * (A standby that reaches a Redis this engine cannot, a network partition, takes the lock after its
 * lifetime and then the ARI application; Asterisk tells this engine so (ApplicationReplaced) and
 * main.ts exits then.) `onReachable` is told once at the end of each outage.
 */
export function holdControl(
  lock: ControllerLock,
  log: Logger,
  onLost: (why: string) => void,
  hooks: { readonly onReachable?: () => void } = {},
): { stop(): void } {
  let lost = false;
  let unreachableSince: number | null = null;
  const lose = (why: string) => {
    if (lost) return;
    lost = true;
    clearInterval(timer);
    onLost(why);
  };
  const keep = async (): Promise<void> => {
    const ours = (await lock.renew()) || (await lock.acquire());
    if (!ours) return lose('another engine holds the controller lock');
    if (unreachableSince !== null) {
      log.info({ unreachableMs: Date.now() - unreachableSince }, 'redis reachable again: still controlling the ARI application');
      unreachableSince = null;
      hooks.onReachable?.();
    }
  };
  const timer = setInterval(() => {
    keep().catch((err: unknown) => {
      if (unreachableSince === null) {
        unreachableSince = Date.now();
        log.warn({ err: (err as Error).message }, 'controller lock not renewed: redis unreachable, keeping control (no other engine can take the lock meanwhile)');
      }
    });
  }, lock.ttlMs / 3);
  return { stop: () => clearInterval(timer) };
}
