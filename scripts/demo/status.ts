import type { QueueView } from '../../src/app/queue-view.js';
import { firstName, seconds } from './output.js';

const STATUS_WORD: Record<string, string> = {
  available: 'free',
  offered: 'ringing',
  busy: 'talking',
  'logged-out': 'off',
};

/** One compact line from a center's GET /api/queue; the callers on the line are the whole platform's. */
export function statusLine(center: string, q: QueueView, callersOnTheLine?: number): string {
  const offering = q.waiting.filter((w) => w.phase === 'offering').length;
  const longest = q.waiting.reduce((max, w) => Math.max(max, w.waitedMs), 0);
  const waiting = q.waiting.length === 0
    ? 'queue empty'
    : `waiting ${q.waiting.length} (longest ${seconds(longest)}${offering ? `, ${offering} ringing an agent` : ''})`;
  const agents = q.agents
    .map((a) => `${firstName(a.name, a.id)} ${a.status === 'paused' ? `paused:${a.pauseReason ?? '?'}` : (STATUS_WORD[a.status] ?? a.status)}`)
    .join(' · ');
  const onTheLine = callersOnTheLine === undefined ? '' : ` │ callers on the line ${callersOnTheLine}`;
  return `── ${center}: ${waiting} │ town halls ringing ${q.ringingAtTowns} │ ${agents}${onTheLine}`;
}
