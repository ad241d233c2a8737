/** Draws the desk from the latest view: the agent's state and buttons, the screen pop, the clock. */
import { byId, el, setText } from '../dom.js';
import { mmss, say, serverNow, type Desk } from './desk-state.js';
import { renderNote, renderOutcome, renderTransfer } from './render-work.js';
import { popText } from './pop-text.js';
import { OUTCOME, PAUSE, STATUS, wordFor } from './texts.js';
import type { DeskCall } from './wire.js';

const button = (id: string): HTMLButtonElement => byId(id, HTMLButtonElement);

export function render(desk: Desk): void {
  const { state } = desk;
  const view = state.view;
  const agent = view?.agent ?? null;
  const status = agent?.status ?? '';
  let label = agent ? wordFor(STATUS, status) : 'unbekannt';
  if (agent?.status === 'paused') label += ` (${agent.pauseReason ? wordFor(PAUSE, agent.pauseReason) : 'ohne Grund'})`;
  const stateNode = byId('state');
  setText(stateNode, label);
  stateNode.dataset.status = status;
  if (agent?.name) byId('agent-name').textContent = agent.name;

  const pending = state.pending;
  const away = status === 'available' || status === 'paused' || status === 'wrap-up';
  button('btn-login').disabled = pending || status !== 'logged-out';
  button('btn-ready').disabled = pending || !(status === 'paused' || status === 'wrap-up' || status === 'logged-out');
  button('btn-ready').title = status === 'wrap-up' ? 'Beendet die Nachbearbeitung' : '';
  button('btn-pause').disabled = pending || !away;
  byId('pause-reason', HTMLSelectElement).disabled = pending || !away;
  button('btn-logout').disabled = pending || !away;

  const working = status === 'busy' || status === 'wrap-up' ? (view?.call ?? null) : null;
  if (state.wasWorking && (!working || state.wasWorking.callId !== working.callId)) {
    const done = state.filed?.callId === state.wasWorking.callId ? OUTCOME[state.filed.outcome] : undefined;
    say(done ? `Anruf abgeschlossen. Ergebnis: ${done}.` : 'Anruf abgeschlossen, ohne erfasstes Ergebnis.', false);
  }
  state.wasWorking = working ? { callId: working.callId } : null;

  renderCall(desk, status);
  tick(desk);
}

function renderCall(desk: Desk, status: string): void {
  const { state } = desk;
  const call = state.view?.call ?? null;
  byId('call').className = status === 'offered' ? 'ringing' : '';
  if (!call) {
    byId('no-call').hidden = false;
    byId('pop').hidden = true;
    byId('work').hidden = true;
    state.shownCall = null;
    return;
  }
  if (call.callId !== state.shownCall) newCall(desk, call);
  byId('no-call').hidden = true;
  byId('pop').hidden = false;
  const summary =
    status === 'offered'
      ? 'Ein Anruf klingelt an Ihrem Telefon.'
      : status === 'busy'
        ? 'Sie sprechen mit der Anruferin / dem Anrufer.'
        : status === 'wrap-up'
          ? 'Nachbearbeitung des Anrufs.'
          : 'Anruf';
  setText(byId('pop-summary'), summary);
  const text = popText(call);
  setText(byId('pop-entry'), text.entry);
  setText(byId('pop-town'), text.town);
  setText(byId('pop-waited-hint'), text.waitedHint);
  setText(byId('pop-reason'), text.reason);
  const banner = byId('pop-partner');
  setText(banner, text.partner?.banner ?? '');
  banner.hidden = text.partner === null;
  setText(byId('pop-handover'), text.partner?.why ?? '');
  byId('pop-handover').hidden = text.partner === null;
  byId('pop-handover-title').hidden = text.partner === null;
  const earlier = call.earlierCalls7d || 0;
  const repeat = byId('pop-repeat');
  setText(repeat, earlier > 0 ? `Hat in den letzten 7 Tagen schon ${earlier}-mal angerufen.` : 'Kein Anruf in den letzten 7 Tagen.');
  repeat.className = earlier > 0 ? 'repeat' : '';
  byId('pop-callback').hidden = !call.callback;

  const working = status === 'busy' || status === 'wrap-up';
  byId('work').hidden = !working;
  renderOutcome(desk, call, status, working);
  renderTransfer(desk, call, status);
  renderNote(desk, call, working);
}

/** A call the page has not shown yet: fresh forms, its departments to transfer to. */
function newCall(desk: Desk, call: DeskCall): void {
  const { state } = desk;
  state.shownCall = call.callId;
  say('', false);
  if (state.filed?.callId !== call.callId) state.filed = null;
  if (state.savedNote?.callId !== call.callId) state.savedNote = null;
  if (state.lastTransfer?.callId !== call.callId) state.lastTransfer = null;
  byId('note-form', HTMLFormElement).reset();
  const number = byId('note-number', HTMLInputElement);
  number.disabled = true;
  number.required = false;
  setText(byId('note-state'), '');
  const select = byId('note-department', HTMLSelectElement);
  while (select.options.length > 1) select.remove(1);
  for (const d of call.departments) {
    const option = el('option', '', d.name);
    option.value = d.id;
    select.append(option);
  }
  byId('departments').replaceChildren(
    ...call.departments.map((d) => {
      const li = el('li');
      li.append(el('span', '', d.name), transferButton(d, 'warm'), transferButton(d, 'blind'));
      return li;
    }),
  );
}

function transferButton(department: { readonly id: string; readonly name: string }, mode: 'warm' | 'blind'): HTMLButtonElement {
  const text = mode === 'warm' ? 'Übergeben (mit Rückfrage)' : 'Direkt übergeben';
  const b = el('button', mode === 'warm' ? 'transfer' : 'transfer secondary', text);
  b.type = 'button';
  b.dataset.department = department.id;
  b.dataset.mode = mode;
  b.setAttribute('aria-label', `${text} an ${department.name}`);
  return b;
}

/** Once a second: the caller's wait while the phone rings, the wrap-up's remaining time. */
export function tick(desk: Desk): void {
  const view = desk.state.view;
  const agent = view?.agent ?? null;
  const call = view?.call ?? null;
  if (view && call) {
    const ringing = agent?.status === 'offered' ? Math.max(0, serverNow(desk) - view.at) : 0;
    setText(byId('pop-waited'), mmss(call.waitedMs + ringing));
  }
  let detail = '';
  if (agent?.status === 'wrap-up' && agent.wrapUpUntil) detail = `noch ${mmss(agent.wrapUpUntil - serverNow(desk))} Min.`;
  else if (agent?.since) detail = `seit ${desk.clock.format(agent.since)} Uhr`;
  setText(byId('state-since'), detail);
}
