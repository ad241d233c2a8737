/** The staffing box: asked of `GET /api/staffing` on load and every 30 s, shown only when it answers 200. */
import { byId } from '../dom.js';
import { send } from '../http.js';
import { duration, num, type Board } from './board.js';
import type { Level, StaffingAdvice } from './wire.js';

export const STAFFING_REFRESH_MS = 30_000;

/** A share as percent: 0.75 and 75 both read "75 %". */
const share = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? `${num(v > 1 ? v : v * 100)} %` : '–');

function renderStaffing(board: Board, s: StaffingAdvice): void {
  const needed = s.agentsNeeded;
  const loggedIn = s.agentsLoggedIn;
  const level: Level =
    typeof needed !== 'number' || typeof loggedIn !== 'number' ? 'none' : loggedIn >= needed ? 'good' : loggedIn >= needed - 1 ? 'warn' : 'bad';
  const words = board.levelText;
  byId('staff-needed').textContent = num(needed);
  byId('staff-tile').dataset.level = level;
  byId('staff-level').textContent = level === 'none' ? words.none : level === 'good' ? `${words.good}: genug angemeldet` : `${words[level]}: zu wenige angemeldet`;
  byId('staff-logged-in').textContent = num(loggedIn);
  byId('staff-ready').textContent = `davon bereit: ${num(s.agentsReady)}`;
  byId('staff-sl').textContent = share(s.serviceLevelWithLoggedIn);
  byId('staff-target').textContent = `Ziel: ${share(s.target?.share)} in ${num(s.target?.within)} s`;
  byId('staff-basis').textContent =
    `Grundlage: ${num(s.arrivalsPerHour, 1)} Anrufe je Stunde in den letzten ${num(s.windowMinutes)} Minuten, ` +
    `Ø Bearbeitungszeit ${duration((s.ahtSec ?? 0) * 1000)} min, Last ${num(s.erlangs, 2)} Erlang.`;
  byId('staffing').hidden = false;
}

export async function loadStaffing(board: Board): Promise<void> {
  try {
    const answer = await send('GET', '/api/staffing');
    if (answer.status !== 200) {
      byId('staffing').hidden = true;
      return;
    }
    if (typeof answer.body === 'object' && answer.body !== null) renderStaffing(board, answer.body);
  } catch (err) {
    // Not reachable now: the box hides until the next try; the event stream reports the connection.
    byId('staffing').hidden = true;
    console.debug(err);
  }
}
