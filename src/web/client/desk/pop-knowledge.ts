/**
 * In the screen pop: the caller's municipality's town facts and the articles asked most there; for
 * a caller a partner center handed over, those of the partner's knowledge when this engine can read
 * it, else that this center has no knowledge of their town.
 */
import { byId, el, setText } from '../dom.js';
import { factLines } from './article-sections.js';
import type { KbSuggestions } from './knowledge-wire.js';

/** Empties the town facts and suggestions (a new call, until its suggestions arrive). */
export function clearPopKnowledge(): void {
  byId('pop-no-local').hidden = true;
  byId('pop-facts').hidden = true;
  byId('pop-suggestions-title').hidden = true;
  byId('pop-suggestions').replaceChildren();
}

export function drawPopKnowledge(s: KbSuggestions, municipalityName: string): void {
  const facts = s.townFacts;
  byId('pop-facts').hidden = facts === null;
  if (facts) {
    setText(byId('pop-facts-title'), `Ortsinfo ${municipalityName}`);
    const dl = byId('pop-facts-list');
    dl.replaceChildren(...(facts.section ? factLines(facts.section) : []).flatMap((line) => [el('dt', '', line.label), el('dd', '', line.value)]));
    byId('pop-facts-open').dataset.article = facts.id;
    byId('pop-facts-stale').hidden = !facts.stale;
  }
  const asked = s.articles.some((a) => a.asked > 0);
  const title = byId('pop-suggestions-title');
  setText(title, asked ? `Häufig gefragt in ${municipalityName}` : `Oft gebraucht in ${municipalityName}`);
  title.hidden = s.articles.length === 0;
  byId('pop-suggestions').replaceChildren(
    ...s.articles.map((a) => {
      const button = el('button', 'link', a.title);
      button.type = 'button';
      button.dataset.article = a.id;
      const li = el('li');
      li.append(button);
      if (a.asked > 0) li.append(el('span', 'hint', `${a.asked}× gefragt`));
      return li;
    }),
  );
}

/**
 * The line above the pop's knowledge for a handed-over caller: that this center has no knowledge
 * of their town, or whose knowledge (the partner center's) is shown.
 */
export function drawNoLocalKnowledge(text: string): void {
  const note = byId('pop-no-local');
  setText(note, text);
  note.hidden = false;
}
