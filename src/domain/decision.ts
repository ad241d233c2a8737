import type { Call } from './call.js';
import type { Command } from './commands.js';
import type { Step } from './transitions.js';

/** What decide() returns: the next state and its commands, or `ignored` with a reason (and compensating commands). */
export type Decision =
  | { readonly kind: 'next'; readonly next: Call; readonly commands: readonly Command[] }
  | { readonly kind: 'ignored'; readonly reason: string; readonly commands: readonly Command[] };

export const ignored = (reason: string, commands: readonly Command[] = []): Decision => ({ kind: 'ignored', reason, commands });
export const next = (s: Step): Decision => ({ kind: 'next', next: s.next, commands: s.commands });
