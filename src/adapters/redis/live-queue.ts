import type { Redis } from 'ioredis';
import type { LiveQueue, WaitingCall } from '../../app/ports.js';
import type { AgentId, CallId } from '../../domain/ids.js';
import { redisOp } from './errors.js';
import type { RedisKeys } from './keys.js';
import { scripted, type ScriptedRedis } from './scripts.js';

/** The live queue as a Redis sorted set; pairing with an agent is one Lua script (see lua/assign-next.ts). */
export class RedisLiveQueue implements LiveQueue {
  private readonly redis: Redis & ScriptedRedis;

  constructor(
    redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    this.redis = scripted(redis);
  }

  async enqueue(call: CallId, arrivedAt: number, atHead: boolean): Promise<void> {
    await redisOp('queue.enqueue', () => this.redis.ovrEnqueue(this.keys.queue, call, arrivedAt, atHead ? '1' : '0'));
  }

  async remove(call: CallId): Promise<void> {
    await redisOp('queue.remove', () => this.redis.zrem(this.keys.queue, call));
  }

  async waiting(): Promise<WaitingCall[]> {
    const flat = await redisOp('queue.waiting', () => this.redis.zrange(this.keys.queue, 0, -1, 'WITHSCORES'));
    const out: WaitingCall[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      out.push({ call: flat[i] as CallId, score: Number(flat[i + 1]) });
    }
    return out;
  }

  async assignNext(at: number): Promise<{ call: CallId; agent: AgentId } | null> {
    const pair = await redisOp('queue.assign-next', () =>
      this.redis.ovrAssignNext(this.keys.queue, this.keys.availableAgents, at, this.keys.agentPrefix),
    );
    return pair ? { call: pair[0] as CallId, agent: pair[1] as AgentId } : null;
  }
}
