/**
 * The call's topics: the articles the agent opened during the call, listed above the outcome
 * buttons, each removable. They go with the outcome; when they change after the outcome was filed,
 * the same outcome is filed again with the new topics (the engine counts only the difference).
 */
import { byId, el } from '../dom.js';
import type { Act } from './act.js';
import { fileOutcome } from './call-actions.js';
import { MAX_TOPICS, say, type CallTopic, type Desk } from './desk-state.js';
import type { DeskCall } from './wire.js';

/** How long to wait for another action of the page to finish before filing the new topics. */
const BUSY_RETRY_MS = 250;

export interface CallTopics {
  /** Remembers an opened article as a topic of `call`; false when the call has the most it may. */
  add(call: DeskCall, topic: CallTopic): boolean;
  render(call: DeskCall | null, working: boolean): void;
}

export function callTopics(desk: Desk, act: Act): CallTopics {
  const { state } = desk;
  const list = byId('call-topics');

  const topicsOf = (call: DeskCall): CallTopic[] => {
    if (state.topics?.callId !== call.callId) state.topics = { callId: call.callId, list: [] };
    return state.topics.list;
  };

  /** An outcome this page filed for the call is filed again, with the topics as they are now. */
  const refile = (call: DeskCall): void => {
    const filed = state.filed?.callId === call.callId ? state.filed : null;
    const status = state.view?.agent.status;
    if (!filed || state.view?.call?.callId !== call.callId || !(status === 'busy' || status === 'wrap-up')) return;
    if (state.pending) {
      setTimeout(() => refile(call), BUSY_RETRY_MS);
      return;
    }
    const noteId = filed.outcome === 'callback-note' && state.savedNote?.callId === call.callId ? state.savedNote.id : undefined;
    act(() => fileOutcome(desk, call, filed.outcome, { department: filed.department, ...(noteId ? { noteId } : {}) }));
  };

  list.addEventListener('click', (ev) => {
    const id = ev.target instanceof Element ? ev.target.closest<HTMLButtonElement>('button[data-topic]')?.dataset.topic : undefined;
    const call = state.view?.call ?? null;
    if (!id || !call || state.topics?.callId !== call.callId) return;
    state.topics = { callId: call.callId, list: state.topics.list.filter((t) => t.id !== id) };
    render(call, true);
    refile(call);
  });

  function render(call: DeskCall | null, working: boolean): void {
    const topics = call && state.topics?.callId === call.callId ? state.topics.list : [];
    byId('call-topics-empty').hidden = topics.length > 0;
    const shown = [...list.querySelectorAll<HTMLElement>('li')].map((li) => li.dataset.topic).join(' ');
    if (shown !== topics.map((t) => t.id).join(' ')) {
      list.replaceChildren(
        ...topics.map((t) => {
          const li = el('li');
          li.dataset.topic = t.id;
          const remove = el('button', 'secondary', 'entfernen');
          remove.type = 'button';
          remove.dataset.topic = t.id;
          remove.setAttribute('aria-label', `${t.title} aus den Anrufthemen entfernen`);
          li.append(el('span', '', t.title), remove);
          return li;
        }),
      );
    }
    for (const b of list.querySelectorAll<HTMLButtonElement>('button')) b.disabled = !working;
  }

  return {
    add(call, topic) {
      const topics = topicsOf(call);
      if (topics.some((t) => t.id === topic.id)) return true;
      if (topics.length >= MAX_TOPICS) {
        say(`Höchstens ${MAX_TOPICS} Themen je Anruf: bitte erst eines entfernen, damit „${topic.title}“ gemerkt wird.`, false);
        return false;
      }
      topics.push(topic);
      refile(call);
      return true;
    },
    render,
  };
}
