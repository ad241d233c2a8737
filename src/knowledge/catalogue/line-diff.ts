/**
 * What changed between two texts, line by line, short enough to read in a terminal: only the
 * removed ("- ") and added ("+ ") lines, in order, from a longest common subsequence of lines.
 */

/** Above this many line pairs the texts are compared as a whole: all old lines out, all new in. */
const MAX_CELLS = 250_000;
const MAX_LINE_CHARS = 160;

const clip = (line: string): string => ([...line].length > MAX_LINE_CHARS ? `${[...line].slice(0, MAX_LINE_CHARS - 1).join('')}…` : line);

/** Every removed and added line, in text order. */
export const lineChanges = (before: string, after: string): string[] => {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  if (a.length * b.length > MAX_CELLS) return [...a.map((l) => `- ${l}`), ...b.map((l) => `+ ${l}`)];
  // common[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < a.length && (j === b.length || common[i + 1]![j]! >= common[i]![j + 1]!)) {
      // On a tie the removed line comes first, as in any diff: "- old" above "+ new".
      out.push(`- ${a[i++]}`);
    } else {
      out.push(`+ ${b[j++]}`);
    }
  }
  return out;
};

/** The changed lines, each at most 160 characters, at most `maxLines` of them and a line saying how many more. */
export const shortLineDiff = (before: string, after: string, maxLines = 12): string[] => {
  const changes = lineChanges(before, after).map(clip);
  if (changes.length <= maxLines) return changes;
  return [...changes.slice(0, maxLines), `… und ${changes.length - maxLines} weitere geänderte Zeilen`];
};
