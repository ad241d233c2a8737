import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { CenterBoard, CenterState } from '../../app/center-board.js';
import { redisOp } from './errors.js';

/** A posted state as read back: anything else (an older engine's, a stray key) counts as none. */
const posted = z
  .object({
    center: z.string(),
    // Posted since the platform overview; an older engine's post has none.
    name: z.string().optional(),
    app: z.string(),
    // Posted since partners read each other's knowledge base; an older engine's post has none.
    prefix: z.string().min(1).max(100).optional(),
    open: z.boolean(),
    loggedIn: z.number().int().min(0),
    freeAgents: z.number().int().min(0),
    waiting: z.number().int().min(0),
    window: z.object({ calls: z.number().int().min(0), withinTarget: z.number().int().min(0) }),
    targetShare: z.number().min(0).max(1),
    at: z.number(),
  })
  .strip();

/**
 * The platform's board in Redis, under `PLATFORM_PREFIX` (shared by every center's engine):
 * `<platform>center:{<id>}` holds a center's latest state (JSON, expiring),
 * `<platform>prefix:<REDIS_PREFIX>` the center that uses that key prefix, and the set
 * `<platform>centers` every center that claimed a prefix (the centers the overview lists).
 */
export class RedisCenterBoard implements CenterBoard {
  constructor(
    private readonly redis: Redis,
    private readonly platformPrefix: string,
  ) {}

  private stateKey(center: string): string {
    return `${this.platformPrefix}center:{${center}}`;
  }

  async post(state: CenterState, ttlMs: number): Promise<void> {
    await redisOp('board.post', () => this.redis.set(this.stateKey(state.center), JSON.stringify(state), 'PX', ttlMs));
  }

  async read(center: string): Promise<CenterState | null> {
    const raw = await redisOp('board.read', () => this.redis.get(this.stateKey(center)));
    if (raw === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return null;
    }
    const parsed = posted.safeParse(json);
    return parsed.success && parsed.data.center === center ? parsed.data : null;
  }

  async claimPrefix(prefix: string, center: string): Promise<string | null> {
    const key = `${this.platformPrefix}prefix:${prefix}`;
    const [set, holder] = await redisOp('board.claim-prefix', () =>
      this.redis
        .multi()
        .set(key, center, 'NX')
        .get(key)
        .exec()
        .then((r) => [r?.[0]?.[1], r?.[1]?.[1]] as const),
    );
    if (set !== 'OK' && holder !== center && typeof holder === 'string') return holder;
    // Only a center that holds its prefix is known: one refused here never ran on this platform.
    await redisOp('board.known', () => this.redis.sadd(this.centersKey(), center));
    return null;
  }

  async centers(): Promise<readonly string[]> {
    const known = await redisOp('board.centers', () => this.redis.smembers(this.centersKey()));
    return known.sort();
  }

  private centersKey(): string {
    return `${this.platformPrefix}centers`;
  }
}
