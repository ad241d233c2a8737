/**
 * The knowledge search box: answers as the agent types (after a short pause in the typing), and
 * tells the engine when the agent has finished (Enter, or a longer pause): a search that then
 * finds nothing is kept as a gap in the knowledge base for the editors.
 */
import { byId, el, setText } from '../dom.js';
import { send } from '../http.js';
import type { KbHit } from './knowledge-wire.js';

/** Wait this long after a keystroke before searching: most keystrokes are followed by another. */
export const TYPING_PAUSE_MS = 150;
/** A pause this long means the agent has finished typing. */
export const FINISHED_PAUSE_MS = 1500;
const HITS_SHOWN = 8;

export interface KnowledgeSearch {
  /** Empties the box and the hits (a new call). */
  clear(): void;
}

/**
 * `municipality()`: the call's (its articles first), or null without a call. `open`: the agent
 * chose a hit. `center()`: the partner center whose knowledge answers (a handed-over caller's), or null.
 */
export function wireKnowledgeSearch(municipality: () => string | null, open: (id: string) => void, center: () => string | null = () => null): KnowledgeSearch {
  const input = byId('kb-query', HTMLInputElement);
  const hits = byId('kb-hits');
  const status = byId('kb-search-state');
  let typing: ReturnType<typeof setTimeout> | undefined;
  let finished: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;
  /** The query last sent as finished: Enter twice, or Enter and then a pause, reports it once. */
  let reported = '';

  const stopTimers = (): void => {
    clearTimeout(typing);
    clearTimeout(finished);
  };

  const show = (found: readonly KbHit[], final: boolean): void => {
    hits.replaceChildren(
      ...found.slice(0, HITS_SHOWN).map((hit) => {
        const button = el('button', 'link', hit.title);
        button.type = 'button';
        button.dataset.article = hit.id;
        const li = el('li');
        li.append(button);
        if (hit.kind === 'town-facts') li.append(el('span', 'hint', 'Ortsinfo'));
        return li;
      }),
    );
    if (found.length > 0) setText(status, `${found.length === 1 ? 'Ein Treffer' : `${found.length} Treffer`}.`);
    else setText(status, final && center() === null ? 'Nichts gefunden. Die Redaktion sieht diese Suche als Lücke.' : 'Nichts gefunden.');
  };

  const search = async (final: boolean): Promise<void> => {
    const query = input.value.trim();
    if (query === '') return;
    const finishing = final && query !== reported;
    if (finishing) reported = query;
    const here = municipality();
    const params = new URLSearchParams({ q: query, limit: String(HITS_SHOWN) });
    if (here !== null) params.set('municipality', here);
    const theirs = center();
    if (theirs !== null) params.set('center', theirs);
    // The partner's knowledge is read only: it keeps no gaps of ours.
    else if (finishing) params.set('final', '1');
    const mine = ++latest;
    const answer = await send('GET', `/api/knowledge/search?${params.toString()}`).catch(() => null);
    // An answer to an older query that arrives late is not shown over the newer one.
    if (mine !== latest) return;
    if (!answer?.ok) {
      setText(status, 'Die Suche hat nicht geantwortet. Bitte erneut versuchen.');
      return;
    }
    show((answer.body as { hits: KbHit[] }).hits, final);
  };

  input.addEventListener('input', () => {
    stopTimers();
    if (input.value.trim() === '') {
      latest++;
      hits.replaceChildren();
      setText(status, '');
      return;
    }
    typing = setTimeout(() => void search(false), TYPING_PAUSE_MS);
    finished = setTimeout(() => void search(true), FINISHED_PAUSE_MS);
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter') return;
    ev.preventDefault();
    stopTimers();
    void search(true);
  });
  hits.addEventListener('click', (ev) => {
    const id = ev.target instanceof Element ? ev.target.closest<HTMLButtonElement>('button[data-article]')?.dataset.article : undefined;
    if (id) open(id);
  });

  return {
    clear() {
      stopTimers();
      latest++;
      reported = '';
      input.value = '';
      hits.replaceChildren();
      setText(status, '');
    },
  };
}
