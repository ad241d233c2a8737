import type { Redis } from 'ioredis';
import {
  AGENT_CONNECTED_LUA,
  AGENT_END_WRAP_UP_LUA,
  AGENT_MAKE_READY_LUA,
  AGENT_SET_AWAY_LUA,
  AGENT_WRAP_UP_LUA,
  AGENT_PAUSE_LUA,
  AGENT_RELEASE_LUA,
  ENSURE_AGENTS_LUA,
} from './lua/agent-scripts.js';
import { ASSIGN_NEXT_LUA } from './lua/assign-next.js';
import { DEQUEUE_LUA, ENQUEUE_LUA } from './lua/enqueue.js';
import { SAVE_CALL_LUA } from './lua/save-call.js';

type Arg = string | number;

/** The Lua scripts as ioredis commands (EVALSHA, falling back to EVAL after a Redis restart). */
export interface ScriptedRedis {
  ovrSaveCall(callKey: string, activeKey: string, chanKey: string, recordsKey: string, expected: number, stored: Buffer, id: string, ended: '0' | '1', retentionMs: number, recordsMaxLen: number, recordJson: string): Promise<[number, number]>;
  ovrEnqueue(queueKey: string, needsKey: string, availableKey: string, call: string, score: number, atHead: '0' | '1', bandStart: number, bandEnd: number, needs: string): Promise<number>;
  ovrDequeue(queueKey: string, needsKey: string, call: string): Promise<number>;
  ovrAssignNext(queueKey: string, availableKey: string, needsKey: string, at: number, agentPrefix: string, scan: number): Promise<[string, string, number] | null>;
  ovrAgentConnected(agentKey: string, availableKey: string, call: string, at: number): Promise<number>;
  ovrAgentRelease(agentKey: string, availableKey: string, call: string, at: number, agent: string): Promise<number | string>;
  ovrAgentPause(agentKey: string, availableKey: string, call: string, reason: string, at: number, agent: string): Promise<number>;
  ovrAgentMakeReady(agentKey: string, availableKey: string, at: number, agent: string, onlyIfPausedFor: string): Promise<number>;
  ovrAgentWrapUp(agentKey: string, availableKey: string, call: string, at: number, until: number): Promise<number>;
  ovrAgentEndWrapUp(agentKey: string, availableKey: string, call: string, at: number, agent: string): Promise<number>;
  ovrAgentSetAway(agentKey: string, availableKey: string, status: string, reason: string, at: number, agent: string): Promise<number>;
  ovrEnsureAgents(availableKey: string, agentsKey: string, at: number, agentPrefix: string, ...agents: Arg[]): Promise<number>;
}

const SCRIPTS: Record<keyof ScriptedRedis, { numberOfKeys: number; lua: string }> = {
  ovrSaveCall: { numberOfKeys: 4, lua: SAVE_CALL_LUA },
  ovrEnqueue: { numberOfKeys: 3, lua: ENQUEUE_LUA },
  ovrDequeue: { numberOfKeys: 2, lua: DEQUEUE_LUA },
  ovrAssignNext: { numberOfKeys: 3, lua: ASSIGN_NEXT_LUA },
  ovrAgentConnected: { numberOfKeys: 2, lua: AGENT_CONNECTED_LUA },
  ovrAgentRelease: { numberOfKeys: 2, lua: AGENT_RELEASE_LUA },
  ovrAgentPause: { numberOfKeys: 2, lua: AGENT_PAUSE_LUA },
  ovrAgentMakeReady: { numberOfKeys: 2, lua: AGENT_MAKE_READY_LUA },
  ovrAgentWrapUp: { numberOfKeys: 2, lua: AGENT_WRAP_UP_LUA },
  ovrAgentEndWrapUp: { numberOfKeys: 2, lua: AGENT_END_WRAP_UP_LUA },
  ovrAgentSetAway: { numberOfKeys: 2, lua: AGENT_SET_AWAY_LUA },
  ovrEnsureAgents: { numberOfKeys: 2, lua: ENSURE_AGENTS_LUA },
};

const defined = new WeakSet<Redis>();

/** Defines the scripts on this client once, whichever adapter asks first. */
export function scripted(redis: Redis): Redis & ScriptedRedis {
  if (!defined.has(redis)) {
    for (const [name, def] of Object.entries(SCRIPTS)) redis.defineCommand(name, def);
    defined.add(redis);
  }
  return redis as Redis & ScriptedRedis;
}
