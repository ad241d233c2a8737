import type { Redis } from 'ioredis';
import type { Assignment, LiveQueue, WaitingCall } from '../../app/ports.js';
import type { QueueRouting } from '../../domain/call.js';
import type { AgentId, CallId } from '../../domain/ids.js';
import { ASSIGN_SCAN, BAND_WIDTH, clampPriority, queueScore } from '../../domain/queue-order.js';
import { redisOp } from './errors.js';
import type { RedisKeys } from './keys.js';
import { scripted, type ScriptedRedis } from './scripts.js';

/** "skill,skill|widenAt" ('' after the bar: needed for as long as the call waits); '' for no needs. */
export function encodeNeeds(routing: QueueRouting | undefined): string {
  const needs = routing?.needs;
  if (!needs || needs.skills.length === 0) return '';
  return `${needs.skills.join(',')}|${needs.widenAt ?? ''}`;
}

/** The earliest widening instant after `at` among encoded needs. */
export function earliestWidening(encoded: readonly string[], at: number): number | null {
  let best: number | null = null;
  for (const raw of encoded) {
    const widenAt = Number(raw.slice(raw.indexOf('|') + 1) || NaN);
    if (Number.isFinite(widenAt) && widenAt > at && (best === null || widenAt < best)) best = widenAt;
  }
  return best;
}

/** The live queue as a Redis sorted set; pairing with an agent is one Lua script (see lua/assign-next.ts). */
export class RedisLiveQueue implements LiveQueue {
  private readonly redis: Redis & ScriptedRedis;

  constructor(
    redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    this.redis = scripted(redis);
  }

  async enqueue(call: CallId, arrivedAt: number, atHead: boolean, routing?: QueueRouting): Promise<void> {
    const priority = clampPriority(routing?.priority ?? 0);
    const bandStart = queueScore(priority, 0);
    await redisOp('queue.enqueue', () =>
      this.redis.ovrEnqueue(this.keys.queue, this.keys.queueNeeds, call, queueScore(priority, arrivedAt), atHead ? '1' : '0', bandStart, bandStart + BAND_WIDTH, encodeNeeds(routing)),
    );
  }

  async remove(call: CallId): Promise<void> {
    await redisOp('queue.remove', () => this.redis.ovrDequeue(this.keys.queue, this.keys.queueNeeds, call));
  }

  async position(call: CallId): Promise<number | null> {
    const rank = await redisOp('queue.position', () => this.redis.zrank(this.keys.queue, call));
    return rank === null ? null : rank + 1;
  }

  async needs(): Promise<{ call: CallId; skills: string[]; widenAt: number | null }[]> {
    const all = await redisOp('queue.needs', () => this.redis.hgetall(this.keys.queueNeeds));
    return Object.entries(all).map(([call, raw]) => {
      const bar = raw.indexOf('|');
      const widen = raw.slice(bar + 1);
      return { call: call as CallId, skills: raw.slice(0, bar).split(',').filter(Boolean), widenAt: widen === '' ? null : Number(widen) };
    });
  }

  async nextWidening(at: number): Promise<number | null> {
    const all = await redisOp('queue.needs', () => this.redis.hvals(this.keys.queueNeeds));
    return earliestWidening(all, at);
  }

  async waiting(): Promise<WaitingCall[]> {
    const flat = await redisOp('queue.waiting', () => this.redis.zrange(this.keys.queue, 0, -1, 'WITHSCORES'));
    const out: WaitingCall[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      out.push({ call: flat[i] as CallId, score: Number(flat[i + 1]) });
    }
    return out;
  }

  async assignNext(at: number): Promise<Assignment | null> {
    const pair = await redisOp('queue.assign-next', () =>
      this.redis.ovrAssignNext(this.keys.queue, this.keys.availableAgents, this.keys.queueNeeds, at, this.keys.agentPrefix, ASSIGN_SCAN),
    );
    return pair ? { call: pair[0] as CallId, agent: pair[1] as AgentId, more: pair[2] !== 0 } : null;
  }
}
