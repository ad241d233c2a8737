import type { CenterBoard, CenterState } from '../../app/center-board.js';
import type { Clock } from '../../app/ports.js';

/** The platform's board in memory (tests, one process): posts expire on the given clock. */
export class MemoryCenterBoard implements CenterBoard {
  private readonly posts = new Map<string, { readonly state: CenterState; readonly until: number }>();
  private readonly prefixes = new Map<string, string>();

  constructor(private readonly clock: Clock) {}

  post(state: CenterState, ttlMs: number): Promise<void> {
    this.posts.set(state.center, { state, until: this.clock.now() + ttlMs });
    return Promise.resolve();
  }

  read(center: string): Promise<CenterState | null> {
    const post = this.posts.get(center);
    return Promise.resolve(post && post.until > this.clock.now() ? post.state : null);
  }

  claimPrefix(prefix: string, center: string): Promise<string | null> {
    const holder = this.prefixes.get(prefix);
    if (holder === undefined) this.prefixes.set(prefix, center);
    return Promise.resolve(holder === undefined || holder === center ? null : holder);
  }

  centers(): Promise<readonly string[]> {
    return Promise.resolve([...new Set(this.prefixes.values())].sort());
  }
}
