/**
 * Draws an open knowledge article: the answer to read aloud first, then what holds in the
 * caller's municipality, then the general details, the other municipalities collapsed, and when
 * it was checked. Everything as text.
 */
import { el } from '../dom.js';
import { COUNTY, factLines, germanDate, sectionOrder } from './article-sections.js';
import type { KbArticleAnswer, KbSection } from './knowledge-wire.js';

export interface ArticleContext {
  /** The call's municipality (a town id, `kreis` for the county), or null without a call. */
  readonly municipality: string | null;
  /** A handed-over caller's town (its name; the partner's name for a call about no town): none of the sections is about it. */
  readonly foreign?: string | null;
  readonly nameOf: (municipality: string) => string;
  /** The town facts' own section of the call's town: its office hours fill in where the article has none. */
  readonly townFacts: KbSection | null;
  /** Whose knowledge the article is when not this center's ("Wissen des Service-Centers Kreis Pinneberg"). */
  readonly source?: string | null;
  /** Buttons for the article's department and the callback note (article-actions.ts). */
  readonly actions: HTMLElement[];
}

const LABEL = 'kb-article-title';

function factList(section: KbSection, townFacts: KbSection | null): HTMLElement {
  const dl = el('dl');
  for (const line of factLines(section, townFacts)) {
    const dd = el('dd', '', line.value);
    if (line.fromTownFacts) dd.append(' ', el('span', 'hint', '(aus dem Ortsartikel)'));
    dl.append(el('dt', '', line.label), dd);
  }
  return dl;
}

function sectionBlock(heading: string, section: KbSection, townFacts: KbSection | null, className = ''): HTMLElement {
  const box = el('div', className);
  box.append(el('h4', '', heading), factList(section, townFacts));
  if (section.text) box.append(el('p', '', section.text));
  return box;
}

function general(answer: KbArticleAnswer): HTMLElement[] {
  const a = answer.article;
  const dl = el('dl');
  const row = (label: string, value: string | HTMLElement | undefined) => {
    if (value === undefined || value === '') return;
    const dd = el('dd');
    dd.append(value);
    dl.append(el('dt', '', label), dd);
  };
  if (a.documents.length > 0) {
    const list = el('ul');
    list.append(...a.documents.map((d) => el('li', '', d)));
    row('Unterlagen', list);
  }
  row('Gebühren', a.fees);
  row('Bearbeitungszeit', a.processingTime);
  row('Zuständig', a.office);
  if (a.links.length > 0) {
    const list = el('ul');
    for (const link of a.links) {
      const anchor = el('a', '', link.title);
      anchor.href = link.url;
      anchor.target = '_blank';
      anchor.rel = 'noopener noreferrer';
      const li = el('li');
      li.append(anchor);
      list.append(li);
    }
    row('Links', list);
  }
  return dl.childElementCount > 0 ? [el('h4', '', 'Allgemein'), dl] : [];
}

/** Replaces the contents of `container` with the article. */
export function drawArticle(container: HTMLElement, answer: KbArticleAnswer, ctx: ArticleContext): void {
  const a = answer.article;
  const title = el('h3', '', a.title);
  title.id = LABEL;
  title.tabIndex = -1;
  const parts: HTMLElement[] = [title];
  if (ctx.source) {
    const source = el('p', 'hint', ctx.source);
    source.id = 'kb-article-source';
    parts.push(source);
  }
  if (answer.stale) {
    const stale = el('p', 'kb-stale', `Achtung: länger nicht geprüft (zuletzt am ${germanDate(a.checked.on)}). Angaben vor dem Weitergeben bitte prüfen.`);
    stale.id = 'kb-article-stale';
    parts.push(stale);
  }
  const spoken = el('p', 'kb-answer', a.answer);
  spoken.id = 'kb-article-answer';
  parts.push(el('p', 'hint', 'Antwort zum Vorlesen'), spoken);
  if (ctx.actions.length > 0) {
    const row = el('div', 'row');
    row.id = 'kb-article-actions';
    row.append(...ctx.actions);
    parts.push(row);
  }

  const foreign = ctx.foreign ?? null;
  const order = sectionOrder(a, ctx.municipality, foreign !== null);
  const here = ctx.municipality;
  if (foreign !== null) {
    const rest = order.others.length > 0 ? ' Die örtlichen Angaben unten gelten nur für unser Gebiet.' : '';
    const note = el('p', 'hint', `Für ${foreign} (Partner-Center) hier keine örtlichen Angaben: es gilt das Allgemeine.${rest}`);
    note.id = 'kb-article-foreign';
    parts.push(note);
  } else if (order.local !== null) {
    const local = sectionBlock(`${ctx.nameOf(order.local)} (Gemeinde des Anrufs)`, a.sections[order.local] ?? {}, ctx.townFacts, 'kb-local');
    local.id = 'kb-article-local';
    parts.push(local);
  } else if (here !== null && here !== COUNTY) {
    parts.push(el('p', 'hint', `Für ${ctx.nameOf(here)} keine eigenen Angaben: es gilt das Allgemeine.`));
  }
  if (order.county) parts.push(sectionBlock(ctx.nameOf(COUNTY), a.sections[COUNTY] ?? {}, null, 'kb-local'));
  parts.push(...general(answer));
  if (order.others.length > 0) {
    const others = el('details');
    others.id = 'kb-article-others';
    others.append(el('summary', '', `${foreign !== null ? 'Nur für unser Gebiet' : 'Andere Gemeinden'} (${order.others.length})`));
    for (const key of order.others) others.append(sectionBlock(ctx.nameOf(key), a.sections[key] ?? {}, null));
    parts.push(others);
  }
  const checked = el('p', 'hint', `Geprüft am ${germanDate(a.checked.on)} von ${a.checked.by}`);
  checked.id = 'kb-article-checked';
  parts.push(checked);
  container.replaceChildren(...parts);
  container.hidden = false;
}
