import type { Redis } from 'ioredis';
import type { Assignment, LiveQueue, WaitingCall } from '../../app/ports.js';
import type { QueueRouting } from '../../domain/call.js';
import type { AgentId, CallId } from '../../domain/ids.js';
import type { QueueStep } from '../../domain/routing-steps.js';
import { ASSIGN_SCAN, BAND_WIDTH, clampPriority, queueScore } from '../../domain/queue-order.js';
import { redisOp } from './errors.js';
import type { RedisKeys } from './keys.js';
import { scripted, type ScriptedRedis } from './scripts.js';

/**
 * A call's routing steps as the assignment script reads them: steps separated by ";", each
 * "skill:level,skill:level|until" (until '' for a last step that holds as long as the call waits),
 * the whole prefixed by "^" when the highest levels are preferred. '' for a call without steps.
 * (A step written before levels existed, "skill,skill|until", reads as level 1 each.)
 */
export function encodeRouting(routing: QueueRouting | undefined): string {
  if (!routing || routing.steps.length === 0) return '';
  const steps = routing.steps.map((s) => `${Object.entries(s.skills).map(([skill, level]) => `${skill}:${level}`).join(',')}|${s.until ?? ''}`);
  return `${routing.prefer === 'highest-level' ? '^' : ''}${steps.join(';')}`;
}

/** The steps back from their encoding. */
export function decodeSteps(raw: string): QueueStep[] {
  const body = raw.startsWith('^') ? raw.slice(1) : raw;
  return body.split(';').map((step) => {
    const bar = step.indexOf('|');
    const until = step.slice(bar + 1);
    const skills = Object.fromEntries(
      step.slice(0, bar).split(',').filter(Boolean).map((s) => {
        const [name, level] = s.split(':');
        return [name ?? s, level === undefined ? 1 : Number(level)];
      }),
    );
    return { skills, until: until === '' ? null : Number(until) };
  });
}

/** The earliest instant after `at` at which a step of one of the encoded routings ends. */
export function earliestWidening(encoded: readonly string[], at: number): number | null {
  let best: number | null = null;
  for (const raw of encoded) {
    for (const m of raw.matchAll(/\|(\d+)/g)) {
      const until = Number(m[1]);
      if (until > at && (best === null || until < best)) best = until;
    }
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

  async enqueue(call: CallId, arrivedAt: number, atHead: boolean, routing?: QueueRouting): Promise<boolean> {
    const priority = clampPriority(routing?.priority ?? 0);
    const bandStart = queueScore(priority, 0);
    const mayBeFree = await redisOp('queue.enqueue', () =>
      this.redis.ovrEnqueue(this.keys.queue, this.keys.queueNeeds, this.keys.availableAgents, call, queueScore(priority, arrivedAt), atHead ? '1' : '0', bandStart, bandStart + BAND_WIDTH, encodeRouting(routing)),
    );
    return mayBeFree === 1;
  }

  async remove(call: CallId): Promise<void> {
    await redisOp('queue.remove', () => this.redis.ovrDequeue(this.keys.queue, this.keys.queueNeeds, call));
  }

  async position(call: CallId): Promise<number | null> {
    const rank = await redisOp('queue.position', () => this.redis.zrank(this.keys.queue, call));
    return rank === null ? null : rank + 1;
  }

  async needs(): Promise<{ call: CallId; steps: QueueStep[] }[]> {
    const all = await redisOp('queue.needs', () => this.redis.hgetall(this.keys.queueNeeds));
    return Object.entries(all).map(([call, raw]) => ({ call: call as CallId, steps: decodeSteps(raw) }));
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
