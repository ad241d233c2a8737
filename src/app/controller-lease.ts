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
 * Renews the lock every third of its lifetime. `onLost` is called once if another engine holds it
 * now, or if Redis stayed unreachable for longer than the lifetime (a standby may have taken over).
 */
export function holdControl(lock: ControllerLock, log: Logger, onLost: (why: string) => void): { stop(): void } {
  let renewedAt = Date.now();
  let lost = false;
  const lose = (why: string) => {
    if (lost) return;
    lost = true;
    clearInterval(timer);
    onLost(why);
  };
  const timer = setInterval(() => {
    lock.renew().then(
      (ours) => (ours ? (renewedAt = Date.now()) : lose('another engine holds the controller lock')),
      (err: unknown) => {
        log.warn({ err: (err as Error).message }, 'controller lock not renewed');
        if (Date.now() - renewedAt > lock.ttlMs) lose('redis unreachable for longer than the controller lock lives');
      },
    );
  }, lock.ttlMs / 3);
  return { stop: () => clearInterval(timer) };
}
