import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the engine's CPU time goes, from the V8 CPU profile `--profile` makes it write
 * (node --cpu-prof). Each sample's time goes to the first frame on its stack, from the leaf up,
 * that belongs to a known part: native work (socket writes, JSON) is charged to the JavaScript
 * that asked for it.
 */
export interface ProfileSummary {
  readonly file: string;
  readonly durationSec: number;
  /** CPU seconds the main thread was busy (not idle). */
  readonly busySec: number;
  /** Busy time by part, in seconds, largest first. */
  readonly parts: readonly { readonly part: string; readonly seconds: number; readonly share: number }[];
  /** The busiest functions by self time (ms), for a closer look. */
  readonly topFunctions: readonly { readonly fn: string; readonly ms: number }[];
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const PARTS: readonly [string, RegExp][] = [
  ['ARI client (ari-client, swagger-client, shred, lodash, bluebird, ws)', /node_modules\/(ari-client|swagger-client|shred|lodash|bluebird|ws|request)\//],
  ['Redis client (ioredis)', /node_modules\/(ioredis|@ioredis|redis-parser|denque|cluster-key-slot)\//],
  ['logging (pino)', /node_modules\/(pino|@pinojs|sonic-boom|thread-stream|fast-redact|quick-format-unescaped|pino-std-serializers)\//],
  ['HTTP API (fastify)', /node_modules\/(fastify|@fastify|avvio|find-my-way|light-my-request)\//],
  ['notes queue (bullmq)', /node_modules\/(bullmq|msgpackr|cron-parser)\//],
  ['engine: ARI adapter', /\/src\/adapters\/ari\//],
  ['engine: Redis adapters', /\/src\/adapters\/redis\//],
  ['engine: domain, app, calendar, rest', /\/src\//],
];
/** Node's HTTP client carries nothing but ARI requests in the engine (the HTTP API is a server). */
const NODE_HTTP = /^node:_http_(client|agent|outgoing|incoming|common)$/;

export function summarizeProfile(file: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const partOf = new Map<number, string>();
  /** The first frame from this one up that belongs to a known part; undefined if none does. */
  const known = (id: number | undefined): string | undefined => {
    if (id === undefined) return undefined;
    if (partOf.has(id)) return partOf.get(id);
    const url = byId.get(id)?.callFrame.url ?? '';
    const part = (url ? PARTS.find(([, re]) => re.test(url))?.[0] : undefined) ?? known(parent.get(id));
    if (part) partOf.set(id, part);
    return part;
  };
  const resolve = (id: number): string => {
    const frame = byId.get(id)?.callFrame;
    const name = frame?.functionName ?? '';
    if (name === '(idle)') return 'idle';
    if (name === '(garbage collector)') return 'garbage collection';
    if (name === '(program)') return 'V8 and Node internals (program)';
    const part = known(id);
    if (part) return part;
    // Work Node does on its own (a socket read, a response parsed) before any package is called.
    let up: number | undefined = id;
    while (up !== undefined) {
      const url = byId.get(up)?.callFrame.url ?? '';
      if (NODE_HTTP.test(url)) return 'ARI client: Node http (requests, responses)';
      up = parent.get(up);
    }
    return frame?.url ? 'Node.js core (net, streams, timers, events)' : 'other native';
  };
  const seconds = new Map<string, number>();
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1e6;
    const part = resolve(id);
    seconds.set(part, (seconds.get(part) ?? 0) + dt);
    selfMs.set(id, (selfMs.get(id) ?? 0) + dt * 1000);
  });
  const busySec = [...seconds.entries()].filter(([p]) => p !== 'idle').reduce((s, [, v]) => s + v, 0);
  const fnTotals = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const f = byId.get(id)?.callFrame;
    if (!f || f.functionName === '(idle)') continue;
    const where = f.url ? `${f.url.replace(/^.*node_modules\//, '').replace(/^.*\/src\//, 'src/').replace(/^file:\/\//, '')}:${f.lineNumber + 1}` : 'native';
    const key = `${f.functionName || '(anonymous)'} ${where}`;
    fnTotals.set(key, (fnTotals.get(key) ?? 0) + ms);
  }
  return {
    file,
    durationSec: Math.round((profile.endTime - profile.startTime) / 1e5) / 10,
    busySec: Math.round(busySec * 10) / 10,
    parts: [...seconds.entries()]
      .filter(([p]) => p !== 'idle')
      .sort((a, b) => b[1] - a[1])
      .map(([part, s]) => ({ part, seconds: Math.round(s * 10) / 10, share: Math.round((s / busySec) * 1000) / 10 })),
    topFunctions: [...fnTotals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([fn, ms]) => ({ fn, ms: Math.round(ms) })),
  };
}

/** The main thread's profile among those node --cpu-prof wrote into dir (the largest file). */
export function findMainProfile(dir: string): string | null {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  // The main thread's file is named ….0.001.cpuprofile; worker threads count up from there.
  const main = files.find((f) => /\.0\.\d+\.cpuprofile$/.test(f)) ?? files[0];
  return main ? join(dir, main) : null;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: npx tsx scripts/bench/profile-summary.ts <file.cpuprofile>\n');
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(summarizeProfile(file), null, 2)}\n`);
}
