/**
 * The demo's screen: lines stamped with the time since the morning began. Everything the demo
 * prints goes through here (the engine's own log goes to a file), and nothing printed here
 * ever contains a caller's number.
 */
export interface Output {
  /** A line stamped with the elapsed time. */
  event(text: string): void;
  /** A line without a stamp. */
  plain(text: string): void;
  /** Restart the clock: the morning begins. */
  startClock(): void;
}

export function createOutput(write: (text: string) => void = (t) => process.stdout.write(t)): Output {
  let since = Date.now();
  return {
    event: (text) => write(`${clock(Date.now() - since)}  ${text}\n`),
    plain: (text) => write(`${text}\n`),
    startClock: () => (since = Date.now()),
  };
}

export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** "4.2 s", "1 min 05 s". */
export function seconds(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, '0')} s`;
}

export const firstName = (name: string | null | undefined, fallback: string): string => name?.split(' ')[0] ?? fallback;
