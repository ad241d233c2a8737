/** Small DOM helpers shared by the page scripts. Values from the server only ever reach a page as text. */

/**
 * The element with this id, of this type. A page without it is not the page the script was
 * written for: that is a bug to see at once in the console, not to paper over.
 */
export function byId(id: string): HTMLElement;
export function byId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T;
export function byId(id: string, type: { new (): HTMLElement; prototype: HTMLElement } = HTMLElement): HTMLElement {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`page element #${id} missing or of another kind`);
  return node;
}

/** A new element with a class and a text (set as text, never parsed as HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string | number): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = String(text);
  return node;
}

/** Sets the text only when it changed: a screen reader announces a live region on every write. */
export function setText(node: HTMLElement, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

/** A status line: its text, marked as an error or not. Returns the node, to append a link to. */
export function showStatus(node: HTMLElement, text: string, isError: boolean): HTMLElement {
  node.textContent = text;
  node.className = isError ? 'error' : '';
  return node;
}

/**
 * The data the server embedded in the page as `<script type="application/json" id=…>`; null when
 * the block is missing or empty. Its shape is the server's to keep: the page's wire types are
 * checked against the server's views by `npm run typecheck`.
 */
export function embeddedJson<T>(id: string): T | null {
  const text = document.getElementById(id)?.textContent ?? '';
  return text === '' ? null : (JSON.parse(text) as T);
}

/** "Neu anmelden": to the sign-in page, back to this page afterwards. */
export function signInLink(text = 'Neu anmelden'): HTMLAnchorElement {
  const a = el('a', '', text);
  a.href = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
  return a;
}
