/** The live part: callers waiting, callback wishes, the agents by state, and the clock ticking. */
import { byId, el } from '../dom.js';
import { duration, serverNow, waitLevel, type Board } from './board.js';
import { renderTowns } from './towns.js';
import type { AgentGroup, LiveView, WaitingCaller } from './wire.js';

/** A cell or span that counts up from `since` (epoch ms) on every tick. */
const since = <K extends 'td' | 'span'>(tag: K, className: string, at: number): HTMLElementTagNameMap[K] => {
  const node = el(tag, className);
  node.dataset.since = String(at);
  return node;
};

function waitingRow(c: WaitingCaller): HTMLTableRowElement {
  const tr = el('tr', c.phase === 'offering' ? 'offering' : '');
  tr.dataset.call = c.callId;
  tr.append(el('td', 'num', c.position), since('td', 'wait', c.arrivedAt), el('td', 'entry', c.entryLabel), el('td', 'municipality', c.municipalityName), el('td', 'phase', c.phaseLabel), el('td', '', c.estimatedWait));
  return tr;
}

function agentGroup(g: AgentGroup): HTMLElement {
  const box = el('div', 'group');
  box.dataset.group = g.status;
  const h = el('h3', '', g.label);
  h.id = `group-${g.status}`;
  h.append(el('span', 'count', `(${g.agents.length})`));
  box.append(h);
  if (g.agents.length === 0) {
    box.append(el('p', 'hint', 'niemand'));
    return box;
  }
  const ul = el('ul');
  ul.setAttribute('aria-labelledby', h.id);
  for (const a of g.agents) {
    const li = el('li');
    li.dataset.agent = a.id;
    li.dataset.status = a.status;
    li.append(el('span', 'name', a.name));
    if (a.status === 'paused') li.append(el('span', 'reason', a.label));
    const time = since('span', 'since', a.since);
    time.title = 'seit';
    li.append(time);
    ul.append(li);
  }
  box.append(ul);
  return box;
}

function renderAgents(live: LiveView): void {
  byId('agent-groups').replaceChildren(...live.agentGroups.map(agentGroup));
  const counts: Record<string, number> = {};
  for (const g of live.agentGroups) counts[g.status] = g.agents.length;
  const count = (status: string): number => counts[status] ?? 0;
  byId('ready-count').textContent = String(count('available'));
  const short = live.waiting.length > 0 && count('available') === 0;
  byId('tile-agents').dataset.level = short ? 'warn' : 'none';
  byId('agents-level').textContent = short ? '▲ niemand frei, Anrufer warten' : '';
  byId('agents-detail').textContent = `Im Gespräch ${count('busy')} · Nachbearbeitung ${count('wrap-up')} · Pause ${count('paused')} · Klingelt ${count('offered')}`;
}

export function renderLive(board: Board): void {
  const live = board.live;
  if (!live) return;
  const { waiting, callbacks } = live;
  byId('waiting-count').textContent = String(waiting.length);
  const extra: string[] = [];
  if (callbacks.length > 0) extra.push(`${callbacks.length}${callbacks.length === 1 ? ' Rückrufwunsch' : ' Rückrufwünsche'}`);
  if (live.ringingAtTowns > 0) extra.push(`${live.ringingAtTowns} im Rathaus klingelnd`);
  byId('waiting-detail').textContent = extra.join(' · ');

  byId('waiting-rows').replaceChildren(...waiting.map(waitingRow));
  byId('no-waiting').hidden = waiting.length > 0;
  byId('callback-list').replaceChildren(
    ...callbacks.map((c) => {
      const li = el('li', '', `${c.municipalityName} (${c.entryLabel}), seit `);
      li.append(since('span', 'since', c.arrivedAt));
      return li;
    }),
  );
  byId('callbacks').hidden = callbacks.length === 0;

  renderAgents(live);
  byId('longest-target').textContent = `Ziel: höchstens ${Math.round(live.waitLimits.goodMs / 1000)} s`;
  renderTowns(board);
  tick(board);
}

/** Once a second, and after each update: the waits and times count up from the server's clock. */
export function tick(board: Board): void {
  const now = serverNow(board);
  byId('clock').textContent = board.time.format(now);
  const live = board.live;
  if (!live) return;
  for (const node of document.querySelectorAll<HTMLElement>('[data-since]')) {
    const ms = now - Number(node.dataset.since);
    node.textContent = duration(ms);
    if (node.classList.contains('wait')) node.dataset.level = waitLevel(live, ms);
  }
  const longest = byId('tile-longest');
  if (live.waiting.length === 0) {
    byId('longest-wait').textContent = '–';
    longest.dataset.level = 'good';
    byId('longest-level').textContent = 'Niemand wartet.';
  } else {
    const first = Math.min(...live.waiting.map((c) => c.arrivedAt));
    const level = waitLevel(live, now - first);
    byId('longest-wait').textContent = duration(now - first);
    longest.dataset.level = level;
    byId('longest-level').textContent = board.levelText[level];
  }
}
