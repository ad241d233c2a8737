import type { CallbackNumbers } from '../../app/ports.js';
import type { CallId } from '../../domain/ids.js';

/** In-memory CallbackNumbers for unit tests. */
export class MemoryCallbackNumbers implements CallbackNumbers {
  readonly numbers = new Map<CallId, string>();

  keep(call: CallId, number: string): Promise<void> {
    this.numbers.set(call, number);
    return Promise.resolve();
  }

  get(call: CallId): Promise<string | null> {
    return Promise.resolve(this.numbers.get(call) ?? null);
  }

  forget(call: CallId): Promise<void> {
    this.numbers.delete(call);
    return Promise.resolve();
  }
}
