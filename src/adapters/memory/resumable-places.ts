import type { Clock, ResumablePlaces } from '../../app/ports.js';
import type { CallId } from '../../domain/ids.js';

/** In-memory ResumablePlaces with the Redis adapter's semantics (expiry by the clock, taken once). */
export class MemoryResumablePlaces implements ResumablePlaces {
  private readonly places = new Map<string, { readonly call: CallId; readonly arrivedAt: number; readonly until: number }>();

  constructor(private readonly clock: Clock) {}

  remember(callerHash: string, place: { readonly call: CallId; readonly arrivedAt: number }, forMs: number): Promise<void> {
    this.places.set(callerHash, { ...place, until: this.clock.now() + forMs });
    return Promise.resolve();
  }

  take(callerHash: string): Promise<{ call: CallId; arrivedAt: number } | null> {
    const place = this.places.get(callerHash);
    this.places.delete(callerHash);
    return Promise.resolve(place && place.until > this.clock.now() ? { call: place.call, arrivedAt: place.arrivedAt } : null);
  }
}
