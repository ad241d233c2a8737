/**
 * The knowledge base in the desk: at a new call, the suggestions for the caller's municipality; the
 * search; the open article; the articles opened during the call kept as its topics.
 */
import { byId, embeddedJson, setText } from '../dom.js';
import { send } from '../http.js';
import type { Act } from './act.js';
import { articleActions, renderArticleActions } from './article-actions.js';
import { COUNTY } from './article-sections.js';
import { drawArticle } from './article-view.js';
import { callTopics } from './call-topics.js';
import type { Desk } from './desk-state.js';
import { wireKnowledgeSearch } from './knowledge-search.js';
import type { KbArticleAnswer, KbSection, KbSuggestions } from './knowledge-wire.js';
import { clearPopKnowledge, drawNoLocalKnowledge, drawPopKnowledge } from './pop-knowledge.js';
import { noLocalKnowledgeText, partnerKnowledgeLabel, partnerKnowledgeText } from './pop-text.js';
import type { DeskCall, DeskPartner } from './wire.js';

export interface KnowledgePanel {
  /** After every redraw of the desk: a new call loads its suggestions; buttons follow the call's state. */
  render(): void;
}

/**
 * The municipality an article's sections and the search are about: the call's town, or the county.
 * For a caller a partner center handed over: their town's id there while the partner's knowledge
 * answers (`theirs`), else none (their town is not one of this center's, and this county's own
 * details do not hold there either).
 */
const municipalityOf = (call: DeskCall, theirs: boolean): string | null => {
  if (!call.fromPartner) return call.municipality ?? COUNTY;
  return theirs ? (call.fromPartner.municipality?.id ?? COUNTY) : null;
};

/** A municipality's name at the partner: the caller's town by its name there, the partner's county by the partner's name. */
const partnerNameOf = (from: DeskPartner) => (id: string): string => (id === from.municipality?.id ? from.municipality.name : id === COUNTY ? from.centerName : id);

export function wireKnowledge(desk: Desk, act: Act, redraw: () => void): KnowledgePanel {
  const { state } = desk;
  const names = new Map((embeddedJson<{ id: string; name: string }[]>('desk-municipalities') ?? []).map((m) => [m.id, m.name]));
  const nameOf = (id: string): string => names.get(id) ?? id;
  const topics = callTopics(desk, act);
  const articleBox = byId('kb-article');
  /** The call the knowledge parts were set up for (kept after the call ended, until the next one). */
  let shownCall: string | null = null;
  /** The town facts' own section for the shown call's town: it fills in the Bürgerbüro hours. */
  let townFacts: KbSection | null = null;
  /**
   * For a handed-over caller: the partner center whose knowledge answered the screen pop (its
   * engine posts where its knowledge is); null until then, or when it did not.
   */
  let partner: DeskPartner | null = null;
  let opening = 0;

  const currentCall = (): DeskCall | null => state.view?.call ?? null;
  const theirs = (call: DeskCall): boolean => partner !== null && call.callId === shownCall;
  const search = wireKnowledgeSearch(
    () => {
      const call = currentCall();
      return call ? municipalityOf(call, theirs(call)) : null;
    },
    open,
    () => {
      const call = currentCall();
      return call && theirs(call) ? (partner?.center ?? null) : null;
    },
  );

  /** A handed-over caller: the town facts and suggestions from the partner's knowledge, or, out of reach, that there are none here. */
  async function loadPartnerSuggestions(call: DeskCall, from: DeskPartner): Promise<void> {
    const params = new URLSearchParams({ center: from.center, municipality: from.municipality?.id ?? COUNTY });
    const answer = await send('GET', `/api/knowledge/suggestions?${params.toString()}`).catch(() => null);
    if (shownCall !== call.callId) return;
    if (!answer?.ok) {
      drawNoLocalKnowledge(noLocalKnowledgeText(from));
      return;
    }
    partner = from;
    const suggestions = answer.body as KbSuggestions;
    townFacts = suggestions.townFacts?.section ?? null;
    drawNoLocalKnowledge(partnerKnowledgeText(from));
    drawPopKnowledge(suggestions, from.municipality?.name ?? from.centerName);
  }

  async function loadSuggestions(call: DeskCall): Promise<void> {
    if (call.fromPartner) return loadPartnerSuggestions(call, call.fromPartner);
    const municipality = municipalityOf(call, false) ?? COUNTY;
    const answer = await send('GET', `/api/knowledge/suggestions?municipality=${encodeURIComponent(municipality)}`).catch(() => null);
    if (shownCall !== call.callId) return;
    if (!answer?.ok) {
      setText(byId('kb-search-state'), 'Die Vorschläge zur Gemeinde konnten nicht geladen werden; die Suche geht trotzdem.');
      return;
    }
    const suggestions = answer.body as KbSuggestions;
    townFacts = suggestions.townFacts?.section ?? null;
    drawPopKnowledge(suggestions, call.municipalityName ?? nameOf(COUNTY));
  }

  function open(id: string): void {
    const mine = ++opening;
    const call = currentCall();
    const from = call && theirs(call) ? partner : null;
    void send('GET', `/api/knowledge/articles/${encodeURIComponent(id)}${from ? `?center=${encodeURIComponent(from.center)}` : ''}`)
      .catch(() => null)
      .then((answer) => {
        if (mine !== opening) return;
        if (!answer?.ok) {
          setText(byId('kb-search-state'), 'Der Artikel konnte nicht geladen werden.');
          return;
        }
        const found = answer.body as KbArticleAnswer;
        const here = call ? municipalityOf(call, from !== null) : null;
        const foreign = call?.fromPartner && from === null ? (call.fromPartner.municipality?.name ?? call.fromPartner.centerName) : null;
        drawArticle(articleBox, found, {
          municipality: here,
          foreign,
          nameOf: from ? partnerNameOf(from) : nameOf,
          source: from ? partnerKnowledgeLabel(from.centerName) : null,
          townFacts: call?.callId === shownCall ? townFacts : null,
          actions: articleActions(desk, act, found.article, call),
        });
        // A topic is an article of this center's knowledge base (the outcome refuses other ids): the partner's are not filed.
        if (call && from === null) topics.add(call, { id: found.article.id, title: found.article.title });
        redraw();
        byId('kb-article-title').focus();
      });
  }

  for (const list of ['pop-suggestions', 'pop-facts']) {
    byId(list).addEventListener('click', (ev) => {
      const id = ev.target instanceof Element ? ev.target.closest<HTMLButtonElement>('button[data-article]')?.dataset.article : undefined;
      if (id) open(id);
    });
  }

  return {
    render() {
      const call = currentCall();
      const status = state.view?.agent.status ?? '';
      if (call && call.callId !== shownCall) {
        shownCall = call.callId;
        townFacts = null;
        partner = null;
        opening++;
        search.clear();
        articleBox.hidden = true;
        articleBox.replaceChildren();
        clearPopKnowledge();
        void loadSuggestions(call);
      }
      topics.render(call, status === 'busy' || status === 'wrap-up');
      renderArticleActions(desk, call, status);
    },
  };
}
