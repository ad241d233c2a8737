/**
 * What the agent can do from an open article: put the caller through to the department the
 * article names for the call's town (warm or blind, as in the transfer box), or start a callback
 * note about it.
 */
import { byId, el, setText } from '../dom.js';
import type { Act } from './act.js';
import { startTransfer } from './call-actions.js';
import { say, type Desk } from './desk-state.js';
import type { KbArticle } from './knowledge-wire.js';
import type { DeskCall } from './wire.js';

/** The buttons for `article` during `call` (none without a call). */
export function articleActions(desk: Desk, act: Act, article: KbArticle, call: DeskCall | null): HTMLButtonElement[] {
  if (!call) return [];
  const buttons: HTMLButtonElement[] = [];
  const departmentId = call.municipality ? article.sections[call.municipality]?.department : undefined;
  const department = call.departments.find((d) => d.id === departmentId);
  if (department) {
    for (const mode of ['warm', 'blind'] as const) {
      const b = el('button', mode === 'warm' ? 'kb-transfer' : 'kb-transfer secondary', `${department.name}: ${mode === 'warm' ? 'mit Rückfrage übergeben' : 'direkt übergeben'}`);
      b.type = 'button';
      b.addEventListener('click', () => {
        const now = desk.state.view?.call;
        if (now?.callId === call.callId) startTransfer(desk, act, now, department.id, mode);
      });
      buttons.push(b);
    }
  }
  const note = el('button', 'kb-note secondary', 'Rückrufnotiz zu diesem Artikel');
  note.type = 'button';
  note.addEventListener('click', () => {
    const topic = byId('note-topic', HTMLInputElement);
    if (topic.disabled) {
      say('Eine Rückrufnotiz geht während des Gesprächs oder in der Nachbearbeitung, und eine je Anruf.', false);
      return;
    }
    topic.value = article.title;
    byId('note-form').scrollIntoView({ block: 'start' });
    byId('note-name').focus();
    setText(byId('note-state'), `Thema übernommen: ${article.title}. Bitte Name und Anliegen ergänzen.`);
  });
  buttons.push(note);
  return buttons;
}

/** Enables the article's buttons as the call allows (as the transfer box does). */
export function renderArticleActions(desk: Desk, call: DeskCall | null, status: string): void {
  const canTransfer = !desk.state.pending && status === 'busy' && call?.phase === 'connected' && !call.transfer;
  for (const b of document.querySelectorAll<HTMLButtonElement>('#kb-article button.kb-transfer')) b.disabled = !canTransfer;
  const working = status === 'busy' || status === 'wrap-up';
  for (const b of document.querySelectorAll<HTMLButtonElement>('#kb-article button.kb-note')) b.disabled = desk.state.pending || !working;
}
