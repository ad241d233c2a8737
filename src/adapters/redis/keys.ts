import type { AgentId, CallId, ChannelId } from '../../domain/ids.js';

/**
 * The ONE place Redis keys are built. Every key starts with the prefix, so a deployment (or a test)
 * owns everything under it and two of them never see each other's data.
 *
 * Layout (prefix `ovr:` by default):
 *   call:{callId}          string  the call record, `z1:{version}:` + deflated JSON (call-codec.ts); TTL once ended
 *   calls:active           set     ids of calls not yet ended
 *   chan:{channelId}       string  caller channel → call id, while the call is active
 *   queue                  zset    the live queue, member call id, score = queue order (band, arrival ms)
 *   queue:needs            hash    call id → "skill,skill|widenAt" for waiting calls that need skills
 *   agents                 set     ids of every agent that has a record
 *   agents:available       zset    member agent id, score = idle since (epoch ms)
 *   agent:{agentId}        hash    status, since, callId, pauseReason, version, skills (",dgs,video,")
 *   records                stream  ended calls' records, field `call` = JSON
 *   callback:{callId}      string  the caller's number for a requested callback; deleted when done, TTL 7 days
 *   resume:{callerHash}    string  "callId arrivedAt" of a caller who hung up while waiting; TTL resumeWithinSec
 *   disposition:{callId}   string  the pending outcome of an answered call (JSON); `:final` once final
 *   dispositions           stream  final outcomes, field `disposition` = JSON
 *   session:{sha256}       hash    a signed-in person's session (src/auth/keys.ts), TTL 12 h
 *   login-failures:{id}    string  failed sign-ins of a person, for throttling (src/auth/keys.ts)
 *   caller:{hash}          zset    a caller hash's calls of the last 7 days (member call id, score arrival), expiring
 *   controller:{app}       string  owner id of the engine controlling the ARI app; expires unless renewed
 *
 * assignNext reaches agent hashes through `agentPrefix` inside Lua (the agent is only known once the
 * script has read the zset), so the scripts assume one Redis instance, not a cluster.
 */
export class RedisKeys {
  readonly activeCalls: string;
  readonly queue: string;
  readonly queueNeeds: string;
  readonly agents: string;
  readonly availableAgents: string;
  readonly agentPrefix: string;
  readonly records: string;
  readonly dispositions: string;

  constructor(readonly prefix = 'ovr:') {
    this.activeCalls = `${prefix}calls:active`;
    this.queue = `${prefix}queue`;
    this.queueNeeds = `${prefix}queue:needs`;
    this.agents = `${prefix}agents`;
    this.availableAgents = `${prefix}agents:available`;
    this.agentPrefix = `${prefix}agent:`;
    this.records = `${prefix}records`;
    this.dispositions = `${prefix}dispositions`;
  }

  call(id: CallId): string {
    return `${this.prefix}call:${id}`;
  }

  callerChannel(channel: ChannelId): string {
    return `${this.prefix}chan:${channel}`;
  }

  callerHistory(callerHash: string): string {
    return `${this.prefix}caller:${callerHash}`;
  }

  disposition(call: CallId): string {
    return `${this.prefix}disposition:${call}`;
  }

  /** A caller's place in the queue, kept for a while after they hung up: by salted caller hash. */
  resumablePlace(callerHash: string): string {
    return `${this.prefix}resume:${callerHash}`;
  }

  callbackNumber(call: CallId): string {
    return `${this.prefix}callback:${call}`;
  }

  agent(id: AgentId): string {
    return `${this.agentPrefix}${id}`;
  }

  /** Who controls this ARI application (Asterisk allows one websocket per app). */
  controllerLock(app: string): string {
    return `${this.prefix}controller:${app}`;
  }
}
