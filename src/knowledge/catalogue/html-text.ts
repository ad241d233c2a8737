/**
 * The catalogue's texts are HTML fragments (paragraphs, lists, links, entities). The knowledge
 * base keeps plain text: one paragraph or list item a line, so a re-import can be compared line by
 * line. No HTML parser: the fragments are small and regular, and nothing here is ever rendered.
 */

const NAMED: Readonly<Record<string, string>> = {
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'",
  auml: 'ä', ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', szlig: 'ß',
  bdquo: '„', ldquo: '“', rdquo: '”', sbquo: '‚', lsquo: '‘', rsquo: '’',
  ndash: '–', mdash: '—', hellip: '…', euro: '€', sect: '§', deg: '°', middot: '·', shy: '',
};

const decodeEntities = (s: string): string =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&([a-z]+);/gi, (entity, name: string) => NAMED[name] ?? entity);

/** Block ends become line breaks, list items start with "- ", every other tag goes. */
const BLOCK_END = /<\/(p|div|li|h[1-6]|tr|ul|ol|blockquote)\s*>|<br\s*\/?>/gi;
const LIST_ITEM = /<li\b[^>]*>/gi;

/** The paragraphs and list items of an HTML fragment, as plain lines (list items begin with "- "). */
export const htmlToLines = (html: string): string[] =>
  decodeEntities(html.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '').replace(LIST_ITEM, '\n- ').replace(BLOCK_END, '\n').replace(/<[^>]*>/g, ''))
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '' && line !== '-');

/** The list items of a fragment without their "- "; a fragment without a list gives its paragraphs. */
export const htmlToItems = (html: string): string[] => {
  const lines = htmlToLines(html);
  const items = lines.filter((l) => l.startsWith('- ')).map((l) => l.slice(2).trim());
  return items.length > 0 ? items : lines;
};
