import type { Redis } from 'ioredis';
import type { Disposition, Dispositions } from '../../app/dispositions.js';
import type { AgentId, CallId } from '../../domain/ids.js';
import { DEFAULT_CALL_RETENTION_MS } from './call-store.js';
import { redisOp } from './errors.js';
import type { RedisKeys } from './keys.js';

/**
 * Makes a call's outcome final exactly once: the pending one, or `unclassified` when there is none,
 * appended to the dispositions stream.
 * KEYS[1] pending   KEYS[2] final marker   KEYS[3] stream
 * ARGV[1] the unclassified disposition JSON   ARGV[2] approximate stream cap   ARGV[3] retention ms
 * ARGV[4] the instant it becomes final (kept as `finalizedAt`: the end of the wrap-up)
 * Returns the final disposition JSON.
 */
const FINALIZE_LUA = `
local done = redis.call('GET', KEYS[2])
if done then return done end
local pending = redis.call('GET', KEYS[1])
local d = ARGV[1]
if pending then
  local o = cjson.decode(pending)
  o['finalizedAt'] = tonumber(ARGV[4])
  d = cjson.encode(o)
end
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], '*', 'disposition', d)
redis.call('SET', KEYS[2], d, 'PX', ARGV[3])
redis.call('DEL', KEYS[1])
return d
`;

export interface RedisDispositionsOptions {
  /** Approximate cap on the dispositions stream (XADD MAXLEN ~). Default 100 000. */
  readonly maxLen?: number;
  /** How long a pending outcome and the final one's marker are kept (Redis TTL), like the call's record. Default 30 days. */
  readonly retentionMs?: number;
}

/** Outcomes in Redis: `disposition:<call>` while pending, the stream `dispositions` once final. */
export class RedisDispositions implements Dispositions {
  private readonly maxLen: number;
  private readonly retentionMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    options: RedisDispositionsOptions = {},
  ) {
    this.maxLen = options.maxLen ?? 100_000;
    this.retentionMs = options.retentionMs ?? DEFAULT_CALL_RETENTION_MS;
  }

  async file(d: Disposition): Promise<void> {
    await redisOp('disposition.file', () => this.redis.set(this.keys.disposition(d.callId), JSON.stringify(d), 'PX', this.retentionMs));
  }

  async pending(call: CallId): Promise<Disposition | null> {
    const json = await redisOp('disposition.get', () => this.redis.get(this.keys.disposition(call)));
    return json === null ? null : (JSON.parse(json) as Disposition);
  }

  async finalize(call: CallId, agent: AgentId, at: number): Promise<Disposition> {
    const unclassified: Disposition = { callId: call, agentId: agent, outcome: 'unclassified', at, finalizedAt: at };
    const json = await redisOp('disposition.finalize', () =>
      this.redis.eval(
        FINALIZE_LUA,
        3,
        this.keys.disposition(call),
        `${this.keys.disposition(call)}:final`,
        this.keys.dispositions,
        JSON.stringify(unclassified),
        this.maxLen,
        this.retentionMs,
        at,
      ),
    );
    return JSON.parse(String(json)) as Disposition;
  }

  async read(sinceId?: string, count = 1_000): Promise<{ id: string; disposition: Disposition }[]> {
    const entries = await redisOp('disposition.read', () =>
      this.redis.xrange(this.keys.dispositions, sinceId ? `(${sinceId}` : '-', '+', 'COUNT', count),
    );
    return entries.flatMap(([id, fields]) => {
      const i = fields.indexOf('disposition');
      const json = i >= 0 ? fields[i + 1] : undefined;
      return json === undefined ? [] : [{ id, disposition: JSON.parse(json) as Disposition }];
    });
  }
}
