import { hashSecret, verifySecret } from './secret-hash.js';

/**
 * scrypt for requests, with a bound on how many run at once. One check at the default cost takes
 * 128 MiB; a flood of sign-ins (or of anything that hashes) must not take the engine's memory and
 * thread pool with it. Beyond `maxRunning` checks a few wait their turn (`maxWaiting`); any more
 * are answered `busy` at once, and the sign-in says "try again" (503) instead of queueing forever.
 */
/** What `SecretChecker.hash` answers instead of a hash when too many checks are running. */
export const BUSY = 'busy';

export interface SecretChecker {
  /** `match`/`mismatch`, or `busy` when too many checks are running and waiting. */
  verify(secret: string, hash: string): Promise<'match' | 'mismatch' | 'busy'>;
  /** A new hash at the default cost, or `busy`. */
  hash(secret: string): Promise<string>;
}

export interface ScryptLimits {
  /** Checks computed at once. Default 2 (the engine's machines have 2 cores). */
  readonly maxRunning: number;
  /** Checks waiting for a turn; beyond them `busy`. Default 16. */
  readonly maxWaiting: number;
}

export const DEFAULT_SCRYPT_LIMITS: ScryptLimits = { maxRunning: 2, maxWaiting: 16 };

/** A counting semaphore that refuses rather than queues without end. */
export class BoundedGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limits: ScryptLimits = DEFAULT_SCRYPT_LIMITS) {}

  /** Runs `work` when a slot is free; `busy` (without running it) when the queue is full too. */
  async run<T>(work: () => Promise<T>): Promise<{ readonly ran: true; readonly value: T } | { readonly ran: false }> {
    if (this.running >= this.limits.maxRunning) {
      if (this.waiting.length >= this.limits.maxWaiting) return { ran: false };
      // release() hands its slot straight to us (running is not decremented), so no one overtakes.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return { ran: true, value: await work() };
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

/** The engine's checker: real scrypt behind a BoundedGate. */
export const gatedSecretChecker = (limits: ScryptLimits = DEFAULT_SCRYPT_LIMITS): SecretChecker => {
  const gate = new BoundedGate(limits);
  return {
    async verify(secret, hash) {
      const result = await gate.run(() => verifySecret(secret, hash));
      if (!result.ran) return 'busy';
      return result.value ? 'match' : 'mismatch';
    },
    async hash(secret) {
      const result = await gate.run(() => hashSecret(secret));
      return result.ran ? result.value : BUSY;
    },
  };
};
