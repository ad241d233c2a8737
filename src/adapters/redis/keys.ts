import type { AgentId, CallId, ChannelId } from '../../domain/ids.js';

/**
 * The ONE place Redis keys are built. Every key starts with the prefix, so a deployment (or a test)
 * owns everything under it and two of them never see each other's data.
 *
 * A service center's live state, and the streams its scripts append to, carry the center in a hash
 * tag, `{center}`: Redis Cluster puts all of them in one slot, so every atomic script touches one
 * center's keys only, and different centers can live on different nodes. Layout (prefix `ovr:`,
 * center `kreis-pinneberg`: the tagged part is `ovr:{kreis-pinneberg}:`):
 *   {c}:call:{callId}          string  the call record, `z1:{version}:` + deflated JSON (call-codec.ts); TTL once ended
 *   {c}:calls:active           set     ids of calls not yet ended
 *   {c}:chan:{channelId}       string  caller channel → call id, while the call is active
 *   {c}:queue                  zset    the live queue, member call id, score = queue order (band, arrival ms)
 *   {c}:queue:needs            hash    call id → "skill,skill|widenAt" for waiting calls that need skills
 *   {c}:agents                 set     ids of every agent that has a record
 *   {c}:agents:available       zset    member agent id, score = idle since (epoch ms)
 *   {c}:agent:{agentId}        hash    status, since, callId, pauseReason, version, skills (",dgs,video,")
 *   {c}:records                stream  ended calls' records, field `call` = JSON
 *   {c}:callback:{callId}      string  the caller's number for a requested callback; deleted when done, TTL 7 days
 *   {c}:resume:{callerHash}    string  "callId arrivedAt" of a caller who hung up while waiting; TTL resumeWithinSec
 *   {c}:disposition:{callId}   string  the pending outcome of an answered call (JSON); `:final` once final
 *   {c}:dispositions           stream  final outcomes, field `disposition` = JSON
 *   session:{sha256}           hash    a signed-in person's session (src/auth/keys.ts), TTL 12 h
 *   login-failures:{id}        string  failed sign-ins of a person, for throttling (src/auth/keys.ts)
 *   caller:{hash}              zset    a caller hash's calls of the last 7 days (member call id, score arrival), expiring
 *   controller:{app}           string  owner id of the engine controlling the ARI app; expires unless renewed
 *
 * assignNext reaches agent hashes through `agentPrefix` inside Lua (the agent is only known once the
 * script has read the zset); they are in the center's slot like every key the script is given.
 * Keys written before the center tag existed are moved by key-migration.ts at start.
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

  /** `prefix{center}:`, the start of every key of the center's live state. */
  readonly centerPrefix: string;

  constructor(
    readonly prefix: string,
    /** The service center's id (the deployment's `serviceCenter.id`). */
    readonly center: string,
  ) {
    if (!/^[a-z0-9-]+$/.test(center)) throw new Error(`not a center id for a Redis hash tag: ${JSON.stringify(center)}`);
    const c = `${prefix}{${center}}:`;
    this.centerPrefix = c;
    this.activeCalls = `${c}calls:active`;
    this.queue = `${c}queue`;
    this.queueNeeds = `${c}queue:needs`;
    this.agents = `${c}agents`;
    this.availableAgents = `${c}agents:available`;
    this.agentPrefix = `${c}agent:`;
    this.records = `${c}records`;
    this.dispositions = `${c}dispositions`;
  }

  call(id: CallId): string {
    return `${this.centerPrefix}call:${id}`;
  }

  callerChannel(channel: ChannelId): string {
    return `${this.centerPrefix}chan:${channel}`;
  }

  callerHistory(callerHash: string): string {
    return `${this.prefix}caller:${callerHash}`;
  }

  disposition(call: CallId): string {
    return `${this.centerPrefix}disposition:${call}`;
  }

  /** A caller's place in the queue, kept for a while after they hung up: by salted caller hash. */
  resumablePlace(callerHash: string): string {
    return `${this.centerPrefix}resume:${callerHash}`;
  }

  callbackNumber(call: CallId): string {
    return `${this.centerPrefix}callback:${call}`;
  }

  agent(id: AgentId): string {
    return `${this.agentPrefix}${id}`;
  }

  /** Who controls this ARI application (Asterisk allows one websocket per app). */
  controllerLock(app: string): string {
    return `${this.prefix}controller:${app}`;
  }
}
