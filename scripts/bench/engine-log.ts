import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * The engine's JSON log (pino, `time` in epoch ms), read as it grows. The benchmark uses two of
 * its lines: `call arrived` (the call is created in Redis; its queue entry follows at once) and
 * `call transitioned` (every saved step of a call, with the event that caused it).
 */
export interface EngineLine {
  readonly time: number;
  readonly msg: string;
  readonly callId?: string;
  readonly event?: string;
  readonly from?: string;
  readonly to?: string;
  readonly agentId?: string;
  readonly level: number;
}

export class EngineLogReader {
  private offset = 0;
  private partial = '';
  private readonly decoder = new StringDecoder('utf8');
  private readonly chunk = Buffer.alloc(1 << 20);
  /** Every line read so far, in file order. */
  readonly lines: EngineLine[] = [];

  constructor(private readonly path: string) {}

  /** Reads what was appended since the last call; returns the new lines. */
  readNew(): EngineLine[] {
    if (!existsSync(this.path)) return [];
    const fd = openSync(this.path, 'r');
    const fresh: EngineLine[] = [];
    try {
      for (;;) {
        const read = readSync(fd, this.chunk, 0, this.chunk.length, this.offset);
        if (read <= 0) break;
        this.offset += read;
        this.partial += this.decoder.write(this.chunk.subarray(0, read));
        const parts = this.partial.split('\n');
        this.partial = parts.pop() ?? '';
        for (const text of parts) {
          const line = parseLine(text);
          if (line) fresh.push(line);
        }
      }
    } finally {
      closeSync(fd);
    }
    this.lines.push(...fresh);
    return fresh;
  }
}

function parseLine(text: string): EngineLine | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    const { time, msg, level } = o;
    if (typeof time !== 'number' || typeof msg !== 'string') return undefined;
    const str = (key: string): string | undefined => {
      const v = o[key];
      return typeof v === 'string' ? v : undefined;
    };
    return {
      time,
      msg,
      level: typeof level === 'number' ? level : 30,
      ...(str('callId') !== undefined ? { callId: str('callId') } : {}),
      ...(str('event') !== undefined ? { event: str('event') } : {}),
      ...(str('from') !== undefined ? { from: str('from') } : {}),
      ...(str('to') !== undefined ? { to: str('to') } : {}),
      ...(str('agentId') !== undefined ? { agentId: str('agentId') } : {}),
    };
  } catch {
    // A line that is not JSON (a stack trace, say) tells the benchmark nothing.
    return undefined;
  }
}

/** The time of each call's `call arrived` line, by call id. */
export function arrivals(lines: readonly EngineLine[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of lines) if (l.msg === 'call arrived' && l.callId && !out.has(l.callId)) out.set(l.callId, l.time);
  return out;
}

/** Warnings and errors (pino level ≥ 40) the engine logged. */
export const problems = (lines: readonly EngineLine[]): EngineLine[] => lines.filter((l) => l.level >= 40);
