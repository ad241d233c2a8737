/** The agent-side figures of a set of calls answered by agents: answers, handle time, outcomes, FCR. */
import { fcrOf, handleOf, mean } from './arithmetic.js';
import type { Row } from './context.js';
import { liveAnswerMs, type FinalOutcome } from './facts.js';
import type { AgentFigures, Fcr, Handle, Outcomes } from './figures.js';
import type { StatsRules } from './rules.js';

/**
 * A call's wrap-up: from the end of talk until its outcome was made final, at most `capMs`; at least
 * until the outcome was filed (a filing in wrap-up proves the wrap-up lasted that long), never negative.
 */
export const wrapUpMsOf = (talkEndedAt: number, o: Pick<FinalOutcome, 'filedAt' | 'finalizedAt'>, capMs: number): number => {
  const floor = Math.min(Math.max(0, o.filedAt - talkEndedAt), capMs);
  return Math.min(Math.max(o.finalizedAt - talkEndedAt, floor), capMs);
};

/** Running sums of the agent-side figures (one per agent, one for the whole set). */
export class AgentSide {
  answered = 0;
  onCallback = 0;
  liveN = 0;
  liveSum = 0;
  handled = 0;
  talkSum = 0;
  wrapSum = 0;
  resolved = 0;
  transferred = 0;
  callbackNote = 0;
  unclassified = 0;
  pending = 0;
  strictResolved = 0;
  unsettled = false;

  /** Adds a call answered by an agent (record `answered-by-agent`). */
  add(row: Row, rules: StatsRules, asOf: number): void {
    const c = row.call;
    this.answered++;
    if (c.onCallback) this.onCallback++;
    const speed = liveAnswerMs(c);
    if (speed !== null) {
      this.liveN++;
      this.liveSum += speed;
    }
    const o = row.outcome;
    if (!o) {
      this.pending++;
      return;
    }
    const answeredAt = c.answeredAt ?? c.endedAt;
    const talkEnd = c.talkEndedAt ?? c.endedAt;
    this.handled++;
    this.talkSum += Math.max(0, talkEnd - answeredAt);
    this.wrapSum += wrapUpMsOf(talkEnd, o, rules.wrapUpCapMs);
    switch (o.outcome) {
      case 'resolved':
        this.resolved++;
        if (!row.calledAgain) this.strictResolved++;
        if (c.endedAt + rules.repeatWindowMs > asOf) this.unsettled = true;
        break;
      case 'transferred':
        this.transferred++;
        break;
      case 'callback-note':
        this.callbackNote++;
        break;
      case 'unclassified':
        this.unclassified++;
        break;
    }
  }

  handle(): Handle {
    return handleOf(this.handled, this.talkSum, this.wrapSum);
  }

  outcomes(): Outcomes {
    return { resolved: this.resolved, transferred: this.transferred, callbackNote: this.callbackNote, unclassified: this.unclassified, pending: this.pending };
  }

  fcr(): Fcr {
    return fcrOf(this, !this.unsettled);
  }

  /** The figures of one agent whose calls these are. */
  figures(agentId: string): AgentFigures {
    return {
      agentId,
      answered: this.answered,
      onCallback: this.onCallback,
      asaMs: mean(this.liveSum, this.liveN),
      handle: this.handle(),
      outcomes: this.outcomes(),
      fcr: this.fcr(),
    };
  }
}
