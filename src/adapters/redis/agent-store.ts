import type { Redis } from 'ioredis';
import type { AgentStore } from '../../app/ports.js';
import type { AgentState, AgentStatus, PauseReason } from '../../domain/agent.js';
import type { AgentId, CallId } from '../../domain/ids.js';
import type { SkillLevels } from '../../domain/routing-steps.js';
import { redisOp } from './errors.js';
import type { RedisKeys } from './keys.js';
import { scripted, type ScriptedRedis } from './scripts.js';

/** Agents' live state: one hash per agent plus the available zset; every change is one Lua script. */
export class RedisAgentStore implements AgentStore {
  private readonly redis: Redis & ScriptedRedis;

  constructor(
    redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    this.redis = scripted(redis);
  }

  async ensure(agents: readonly AgentId[], at: number, skills?: ReadonlyMap<AgentId, SkillLevels>): Promise<void> {
    if (agents.length === 0) return;
    const pairs = agents.flatMap((a) => [a, encodeSkills(skills?.get(a) ?? {})]);
    await redisOp('agent.ensure', () =>
      this.redis.ovrEnsureAgents(this.keys.availableAgents, this.keys.agents, at, this.keys.agentPrefix, skills ? '1' : '0', ...pairs),
    );
  }

  async all(): Promise<AgentState[]> {
    return redisOp('agent.all', async () => {
      const ids = (await this.redis.smembers(this.keys.agents)).sort();
      if (ids.length === 0) return [];
      const pipeline = this.redis.pipeline();
      for (const id of ids) pipeline.hgetall(this.keys.agent(id as AgentId));
      const replies = (await pipeline.exec()) ?? [];
      const out: AgentState[] = [];
      replies.forEach(([err, hash], i) => {
        if (err) throw err;
        const state = decodeAgent(ids[i] as AgentId, hash as Record<string, string>);
        if (state) out.push(state);
      });
      return out;
    });
  }

  async get(agent: AgentId): Promise<AgentState | null> {
    const hash = await redisOp('agent.get', () => this.redis.hgetall(this.keys.agent(agent)));
    return decodeAgent(agent, hash);
  }

  async connected(agent: AgentId, call: CallId, at: number): Promise<boolean> {
    const r = await redisOp('agent.connected', () =>
      this.redis.ovrAgentConnected(this.keys.agent(agent), this.keys.availableAgents, call, at),
    );
    return r === 1;
  }

  async release(agent: AgentId, call: CallId, at: number): Promise<'offered' | 'busy' | null> {
    const r: unknown = await redisOp('agent.release', () =>
      this.redis.ovrAgentRelease(this.keys.agent(agent), this.keys.availableAgents, call, at, agent),
    );
    return r === 'offered' || r === 'busy' ? r : null;
  }

  async pause(agent: AgentId, call: CallId, reason: PauseReason, at: number): Promise<boolean> {
    const r = await redisOp('agent.pause', () =>
      this.redis.ovrAgentPause(this.keys.agent(agent), this.keys.availableAgents, call, reason, at, agent),
    );
    return r === 1;
  }

  async makeReady(agent: AgentId, at: number, onlyIfPausedFor?: PauseReason): Promise<boolean> {
    const r = await redisOp('agent.make-ready', () =>
      this.redis.ovrAgentMakeReady(this.keys.agent(agent), this.keys.availableAgents, at, agent, onlyIfPausedFor ?? ''),
    );
    return r === 1;
  }

  async wrapUp(agent: AgentId, call: CallId, at: number, until: number): Promise<boolean> {
    const r = await redisOp('agent.wrap-up', () => this.redis.ovrAgentWrapUp(this.keys.agent(agent), this.keys.availableAgents, call, at, until));
    return r === 1;
  }

  async endWrapUp(agent: AgentId, call: CallId, at: number): Promise<boolean> {
    const r = await redisOp('agent.end-wrap-up', () => this.redis.ovrAgentEndWrapUp(this.keys.agent(agent), this.keys.availableAgents, call, at, agent));
    return r === 1;
  }

  async setAway(agent: AgentId, status: 'paused' | 'logged-out', reason: PauseReason | null, at: number): Promise<boolean> {
    const r = await redisOp('agent.set-away', () =>
      this.redis.ovrAgentSetAway(this.keys.agent(agent), this.keys.availableAgents, status, reason ?? '', at, agent),
    );
    return r === 1;
  }
}

/** The hash as written by the Lua scripts: empty strings stand for null. */
/** ",dgs,video," : commas around every skill, so Lua finds ",dgs," without partial matches. */
/** Skill levels as the assignment script reads them: ",dgs:3,video:1," ('' for none). */
const encodeSkills = (skills: SkillLevels): string => {
  const entries = Object.entries(skills);
  return entries.length === 0 ? '' : `,${entries.map(([skill, level]) => `${skill}:${level}`).join(',')},`;
};

function decodeAgent(id: AgentId, hash: Record<string, string>): AgentState | null {
  if (hash.status === undefined) return null;
  return {
    id,
    status: hash.status as AgentStatus,
    since: Number(hash.since),
    callId: hash.callId ? (hash.callId as CallId) : null,
    pauseReason: hash.pauseReason ? (hash.pauseReason as PauseReason) : null,
    wrapUpUntil: hash.wrapUpUntil ? Number(hash.wrapUpUntil) : null,
    version: Number(hash.version),
  };
}
