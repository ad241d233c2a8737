/**
 * Poll a condition until it holds or a deadline passes. Tests never sleep for a fixed time to
 * "let things settle": they wait for what they expect, and fail with a message that says what.
 */
export interface WaitForOptions {
  timeoutMs: number;
  /** What we are waiting for, for the error message: "agent-1 registered". */
  what: string;
  intervalMs?: number;
}

export class WaitTimeoutError extends Error {
  constructor(what: string, timeoutMs: number, lastError?: unknown) {
    const detail = lastError instanceof Error ? ` (last attempt: ${lastError.message})` : '';
    super(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    this.name = 'WaitTimeoutError';
  }
}

/** Thrown by a condition that can never hold any more (the call ended unanswered): stop waiting. */
export class GiveUp extends Error {
  override name = 'GiveUp';
}

/**
 * Resolves with the condition's first truthy value. A condition that throws counts as "not yet"
 * (a port not yet listening, a process not yet up); the last error is quoted on timeout.
 * Throwing GiveUp fails at once.
 */
export async function waitFor<T>(
  condition: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  { timeoutMs, what, intervalMs = 20 }: WaitForOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value;
      lastError = undefined;
    } catch (err) {
      if (err instanceof GiveUp) throw err;
      lastError = err;
    }
    if (Date.now() >= deadline) throw new WaitTimeoutError(what, timeoutMs, lastError);
    await delay(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}

/** A pause between polls; never used to let time pass on its own. */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
