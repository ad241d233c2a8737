/**
 * The statistics' arithmetic, pure: from call facts (ended call records) and final outcomes
 * (dispositions), joined by call id, the figures of any set of calls. The definitions are the
 * README's "Statistics" section and the doc comments of `Figures`.
 *
 * A call belongs to the interval in which it ARRIVED (local time of the service center), whenever
 * it ended, and to the municipality the call is about (`municipality` of its record).
 */
import { AgentSide } from './agent-side.js';
import { mean, rate } from './arithmetic.js';
import { rowOf, type FiguresContext, type Row } from './context.js';
import { arrivedIn, inServiceLevelBase, liveAnswerMs, type CallFact } from './facts.js';
import { OVERFLOW_REASON_KEYS, type AgentFigures, type Figures } from './figures.js';
import { serviceLevelMsOf } from './rules.js';
import type { Span } from './time.js';

/** The figures of `calls` (all of them: filter by interval and municipality first). */
export function figuresOf(calls: Iterable<CallFact>, ctx: FiguresContext): Figures {
  return figuresOfRows(Array.from(calls, (c) => rowOf(c, ctx)), ctx);
}

/** The figures of the calls in `calls` that arrived in [span.start, span.end), about `municipality` when given. */
export function figuresBetween(calls: Iterable<CallFact>, span: Span, ctx: FiguresContext, municipality?: string): Figures {
  const chosen: CallFact[] = [];
  for (const c of calls) if (arrivedIn(c, span, municipality)) chosen.push(c);
  return figuresOf(chosen, ctx);
}

/** Per agent, by agent id: the calls in `calls` each agent answered. */
export function agentFiguresOf(calls: Iterable<CallFact>, ctx: FiguresContext): AgentFigures[] {
  return agentFiguresOfRows(Array.from(calls, (c) => rowOf(c, ctx)), ctx);
}

export function figuresOfRows(rows: readonly Row[], ctx: FiguresContext): Figures {
  const r = ctx.rules;
  let offered = 0;
  const byEntry = { '115': 0, town: 0 };
  let byTown = 0;
  let abandoned = 0;
  let shortAbandoned = 0;
  const other = { closed: 0, queueFull: 0, noAgent: 0, callbackUnanswered: 0, failed: 0, handedOver: 0, other: 0 };
  let base = 0;
  let inTime = 0;
  let liveN = 0;
  let liveSum = 0;
  const agents = new AgentSide();
  const reasons: Record<string, number> = Object.fromEntries([...OVERFLOW_REASON_KEYS, 'none'].map((k) => [k, 0]));

  for (const row of rows) {
    const c = row.call;
    offered++;
    if (inServiceLevelBase(c, r.shortAbandonMs)) base++;
    if (c.entry === '115') byEntry['115']++;
    else byEntry.town++;
    const reason = c.overflowReason ?? 'none';
    reasons[reason] = (reasons[reason] ?? 0) + 1;
    const speed = liveAnswerMs(c);
    if (speed !== null) {
      liveN++;
      liveSum += speed;
      if (speed <= serviceLevelMsOf(r, c.municipality)) inTime++;
    }
    switch (c.outcome) {
      case 'answered-by-agent':
        agents.add(row, r, ctx.asOf);
        break;
      case 'answered-by-town':
        byTown++;
        break;
      case 'abandoned':
        if (c.endedAt - c.arrivedAt < r.shortAbandonMs) shortAbandoned++;
        else abandoned++;
        break;
      case 'closed':
        other.closed++;
        break;
      case 'queue-full':
        other.queueFull++;
        break;
      case 'no-agent':
        other.noAgent++;
        break;
      case 'callback-unanswered':
        other.callbackUnanswered++;
        break;
      case 'failed':
        other.failed++;
        break;
      case 'handed-over':
        other.handedOver++;
        break;
      default:
        other.other++;
    }
  }
  // base = offered − shortAbandoned − otherEnds.closed − otherEnds.handedOver (inServiceLevelBase).
  return {
    offered,
    byEntry,
    answered: { total: agents.answered + byTown, byAgent: agents.answered, byTown, onCallback: agents.onCallback },
    abandoned,
    shortAbandoned,
    abandonRate: rate(abandoned, base),
    otherEnds: other,
    serviceLevel: { rate: rate(inTime, base), answeredInTime: inTime, base },
    asaMs: mean(liveSum, liveN),
    answeredLive: liveN,
    handle: agents.handle(),
    outcomes: agents.outcomes(),
    fcr: agents.fcr(),
    overflowReasons: reasons,
  };
}

export function agentFiguresOfRows(rows: readonly Row[], ctx: FiguresContext): AgentFigures[] {
  const byAgent = new Map<string, AgentSide>();
  for (const row of rows) {
    const c = row.call;
    if (c.outcome !== 'answered-by-agent' || c.agentId === null) continue;
    let side = byAgent.get(c.agentId);
    if (!side) byAgent.set(c.agentId, (side = new AgentSide()));
    side.add(row, ctx.rules, ctx.asOf);
  }
  return [...byAgent.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([agentId, side]) => side.figures(agentId));
}
