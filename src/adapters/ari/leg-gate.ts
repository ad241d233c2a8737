import { EngineError } from '../../errors.js';

/**
 * A leg we create enters our Stasis app on its own time: its StasisStart can arrive before or after
 * the reply to POST /channels/create. Dialling it before then fails with "Channel not in Stasis
 * application" (seen here about 2 times in 300 under load), so dial waits for this gate.
 */
export class LegGate {
  private readonly waiting = new Map<string, { resolve: () => void; timer: NodeJS.Timeout }>();

  /** Start waiting before the create request, so an early StasisStart is not missed. */
  expect(leg: string, timeoutMs: number): { entered: Promise<void>; cancel: () => void } {
    let cancel = (): void => undefined;
    const entered = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(leg);
        reject(new EngineError('ARI_REQUEST_FAILED', `leg ${leg} did not enter the app within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(leg, { resolve, timer });
      cancel = () => {
        clearTimeout(timer);
        this.waiting.delete(leg);
        resolve();
      };
    });
    return { entered, cancel };
  }

  /** StasisStart of one of our legs. */
  entered(leg: string): void {
    const w = this.waiting.get(leg);
    if (!w) return;
    clearTimeout(w.timer);
    this.waiting.delete(leg);
    w.resolve();
  }

  get pending(): number {
    return this.waiting.size;
  }
}
