/** The agent's own state: log in, ready, pause with a reason, log out. */
import { byId } from '../dom.js';
import { sendOk } from '../http.js';
import type { Act } from './act.js';
import { say, type Desk } from './desk-state.js';
import { errorText, PAUSE, wordFor } from './texts.js';

export function wireAgentButtons(desk: Desk, act: Act): void {
  const post = (what: string, body?: unknown) => sendOk('POST', `${desk.agentPath}/${what}`, body, errorText);
  byId('btn-login').addEventListener('click', () => {
    act(async () => {
      await post('login');
      say('Angemeldet.', false);
    });
  });
  byId('btn-ready').addEventListener('click', () => {
    // Out of a wrap-up, the end of the call is what the agent is told (see render).
    const fromWrapUp = desk.state.view?.agent.status === 'wrap-up';
    act(async () => {
      await post('ready');
      if (!fromWrapUp) say('Bereit für Anrufe.', false);
    });
  });
  byId('btn-pause').addEventListener('click', () => {
    const reason = byId('pause-reason', HTMLSelectElement).value;
    act(async () => {
      await post('pause', { reason });
      say(`Pause: ${wordFor(PAUSE, reason)}.`, false);
    });
  });
  byId('btn-logout').addEventListener('click', () => {
    act(async () => {
      await post('logout');
      say('Abgemeldet: Sie bekommen keine Anrufe.', false);
    });
  });
}
