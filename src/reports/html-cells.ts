/** Table cells and figures as the printable report page shows them (German formats, `–` for nothing). */
import { percent, seconds } from './format.js';

/** A table cell; `s` is HTML (escape text first). */
export const td = (s: string, cls = ''): string => `<td${cls ? ` class="${cls}"` : ''}>${s}</td>`;
/** A column header; `s` is HTML. */
export const th = (s: string, cls = ''): string => `<th scope="col"${cls ? ` class="${cls}"` : ''}>${s}</th>`;
/** `s`, or a dash when it is empty. */
export const or = (s: string, dash = '–'): string => (s === '' ? dash : s);
/** A rate as `75,4 %`; `–` for null. */
export const pct = (r: number | null): string => or(percent(r)) + (r === null ? '' : '&nbsp;%');
/** Milliseconds as `18,7 s`; `–` for null. */
export const sec = (ms: number | null): string => or(seconds(ms)) + (ms === null ? '' : '&nbsp;s');
