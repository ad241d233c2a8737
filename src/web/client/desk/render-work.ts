/** Draws the work on a call: the outcome buttons, the transfer box and the callback-note form. */
import { byId, setText } from '../dom.js';
import { departmentName, type Desk, type Filed } from './desk-state.js';
import { OUTCOME, wordFor } from './texts.js';
import type { DeskCall } from './wire.js';

export function renderOutcome(desk: Desk, call: DeskCall, status: string, working: boolean): void {
  const { state } = desk;
  // What this page filed, or else what the server holds (after a reload, or filed elsewhere).
  const mine: Filed | null = state.filed?.callId === call.callId ? state.filed : call.outcome ? { callId: call.callId, outcome: call.outcome } : null;
  for (const b of document.querySelectorAll<HTMLButtonElement>('button.outcome')) {
    b.disabled = state.pending || !working;
    b.setAttribute('aria-pressed', mine && mine.outcome === b.dataset.outcome ? 'true' : 'false');
  }
  let text: string;
  if (mine) {
    text =
      `Erfasst: ${wordFor(OUTCOME, mine.outcome)}${mine.department ? ` (${departmentName(call, mine.department)})` : ''}` +
      (status === 'wrap-up' ? '. Endgültig mit dem Ende der Nachbearbeitung oder mit »Bereit«.' : '. Endgültig mit dem Ende der Nachbearbeitung.');
  } else {
    text = `Noch kein Ergebnis erfasst.${status === 'wrap-up' ? ' Ohne Ergebnis zählt der Anruf als »nicht eingeordnet«.' : ''}`;
  }
  setText(byId('outcome-state'), text);
}

export function renderTransfer(desk: Desk, call: DeskCall, status: string): void {
  const { state } = desk;
  const t = call.transfer ?? null;
  const box = byId('transfer');
  box.hidden = call.departments.length === 0 || !(status === 'busy' || t || state.lastTransfer);
  const canStart = !state.pending && status === 'busy' && call.phase === 'connected' && !t;
  for (const b of box.querySelectorAll<HTMLButtonElement>('button.transfer')) b.disabled = !canStart;
  const complete = byId('btn-transfer-complete', HTMLButtonElement);
  const cancel = byId('btn-transfer-cancel', HTMLButtonElement);
  complete.hidden = !(t && t.stage === 'consulting' && t.mode === 'warm' && status === 'busy');
  cancel.hidden = !(t && !t.agentGone && status === 'busy');
  complete.disabled = state.pending;
  cancel.disabled = state.pending;
  let text = '';
  if (t) {
    const name = departmentName(call, t.department);
    if (t.stage === 'ringing') text = `${name} wird angerufen (${t.mode === 'warm' ? 'mit Rückfrage' : 'direkt'}). Die Anruferin / der Anrufer hört Wartemusik.`;
    else if (t.mode === 'warm') text = `Rückfrage mit ${name}: Sie sprechen mit der Sachbearbeitung. Die Anruferin / der Anrufer hört Wartemusik.`;
    else text = `${name} hat angenommen: die Anruferin / der Anrufer wird verbunden.`;
    state.lastTransfer = { callId: call.callId, department: t.department, mode: t.mode, stage: t.stage };
  } else if (state.lastTransfer?.callId === call.callId) {
    const last = departmentName(call, state.lastTransfer.department);
    text =
      status === 'busy'
        ? `Übergabe an ${last} beendet: Die Anruferin / der Anrufer ist wieder bei Ihnen. Sie können stattdessen eine Rückrufnotiz anlegen.`
        : `An ${last} übergeben.`;
  }
  setText(byId('transfer-state'), text);
}

export function renderNote(desk: Desk, call: DeskCall, working: boolean): void {
  const { state } = desk;
  const saved = state.savedNote?.callId === call.callId ? state.savedNote : null;
  const consent = byId('note-consent', HTMLInputElement).checked;
  const fields = byId('note-form', HTMLFormElement).querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | HTMLButtonElement>('input, textarea, select, button');
  for (const field of fields) {
    field.disabled = state.pending || saved !== null || !working || (field.id === 'note-number' && !consent);
  }
  if (saved) setText(byId('note-state'), `Rückrufnotiz gespeichert (Nr. ${saved.id}).`);
}
