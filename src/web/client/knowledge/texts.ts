/** German words and small renderings shared by the parts of the editors' page. */
import { el } from '../dom.js';
import { apiErrorOf, OFFLINE } from '../http.js';
import type { ArticleKind, ArticleStatus, FileProblem } from './wire.js';

export const KIND_TEXT: Readonly<Record<ArticleKind, string>> = { service: 'Leistung', topic: 'Thema', 'town-facts': 'Ortsartikel' };
export const STATUS_TEXT: Readonly<Record<ArticleStatus, string>> = { published: 'veröffentlicht', draft: 'Entwurf', retired: 'ausgemustert' };

/** How the page shows who saved: the person's name, or their id when the page does not know it. */
export const whoText = (names: Readonly<Record<string, string>>, id: string): string => names[id] ?? id;

/** A status line: its text and whether it is good news, bad news or neither. */
export function say(node: HTMLElement, text: string, tone: 'ok' | 'error' | '' = ''): void {
  node.textContent = text;
  node.className = tone === '' ? 'message' : `message ${tone}`;
}

/** One problem as a list item: where (file, field, line) and what. `withFile`: for a set of files. */
export function problemItem(p: FileProblem, withFile: boolean): HTMLLIElement {
  const li = el('li');
  const where = [withFile ? p.file : '', p.path].filter((s) => s !== '').join(': ');
  if (where !== '') li.append(el('span', 'where', where), ': ');
  li.append(p.message);
  if (p.line !== undefined) li.append(` (Zeile ${p.line})`);
  return li;
}

/** The problems of a 422 answer; empty when the body has none. */
export const problemsOf = (body: unknown): FileProblem[] => {
  const problems = apiErrorOf(body)?.problems;
  if (!Array.isArray(problems)) return [];
  return problems.filter((p): p is FileProblem => typeof p === 'object' && p !== null && typeof (p as FileProblem).message === 'string');
};

/** The German line for an answer the page did not expect. */
export function unexpected(status: number, body: unknown): string {
  if (status === 401) return 'Ihre Anmeldung ist abgelaufen. Bitte neu anmelden.';
  if (status === 403) return apiErrorOf(body)?.message ?? 'Dafür fehlt Ihnen die Berechtigung.';
  const message = apiErrorOf(body)?.message;
  return `Das hat nicht geklappt: Fehler ${status}${message ? ` (${message})` : ''}.`;
}

export const messageOf = (err: unknown): string => (err instanceof Error && err.message ? err.message : OFFLINE);
