import type { Redis } from 'ioredis';
import { NoteKeys } from './keys.js';

/**
 * How many callback notes one person may file: a note is a citizen's concern handed to a town,
 * with personal data; a script filing thousands would bury the towns' inboxes. Counted per filer
 * in fixed hour windows, in Redis (shared by every engine).
 */
export interface FilingLimit {
  /** Counts one filing by `filer`; false when the hour's allowance is used up (not counted then). */
  take(filer: string): Promise<boolean>;
}

/** Notes per filer and hour: an agent answers at most a few dozen calls an hour. */
export const DEFAULT_NOTES_PER_HOUR = 30;

export class RedisFilingLimit implements FilingLimit {
  private readonly keys: NoteKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly perHour = DEFAULT_NOTES_PER_HOUR,
    private readonly now: () => number = Date.now,
  ) {
    this.keys = new NoteKeys(prefix);
  }

  async take(filer: string): Promise<boolean> {
    const hour = Math.floor(this.now() / 3_600_000);
    const key = this.keys.filings(filer, hour);
    const replies = await this.redis.multi().incr(key).pexpire(key, 3_600_000).exec();
    const count = replies?.[0]?.[1];
    if (typeof count === 'number' && count <= this.perHour) return true;
    // Over the limit: give the count back, so that refused attempts do not extend the block.
    await this.redis.decr(key);
    return false;
  }
}
