import type { Article } from './article.js';

/** The fields town staff may never change, even in their own town's facts. */
const FIXED_FOR_STAFF = new Set(['id', 'kind', 'municipality', 'status']);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * What differs between two versions of an article: top-level fields by name, sections one by one
 * as `sections.<key>`. The first version (no `before`) lists nothing.
 */
export function changedFields(before: Article | undefined, after: Article): string[] {
  if (before === undefined) return [];
  const changed: string[] = [];
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  fields.delete('sections');
  for (const field of [...fields].sort()) {
    if (!same(before[field as keyof Article], after[field as keyof Article])) changed.push(field);
  }
  const sections = new Set([...Object.keys(before.sections), ...Object.keys(after.sections)]);
  for (const key of [...sections].sort()) {
    if (!same(before.sections[key], after.sections[key])) changed.push(`sections.${key}`);
  }
  return changed;
}

/**
 * Town staff keep their own town's part: its section in any article, and their town's facts
 * article (all of it but what makes it that article). Everything else is the editors'.
 */
export function staffMayChange(town: string, before: Article | undefined, changed: readonly string[]): boolean {
  if (before === undefined) return false;
  const ownFacts = before.kind === 'town-facts' && before.municipality === town;
  return changed.every((field) => field === `sections.${town}` || (ownFacts && !FIXED_FOR_STAFF.has(field) && !field.startsWith('sections.')));
}
