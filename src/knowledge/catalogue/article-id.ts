import { ID_MAX_CHARS } from '../article-schema.js';

const FOLDS: Readonly<Record<string, string>> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** "Hund anmelden (Hundesteuer)" → `hund-anmelden-hundesteuer`: umlauts spelt out, at most ID_MAX_CHARS, cut at a hyphen. */
export const slugOf = (title: string, maxChars = ID_MAX_CHARS): string => {
  const slug = title
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => FOLDS[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxChars) return slug;
  const cut = slug.slice(0, maxChars);
  const atHyphen = cut.slice(0, cut.lastIndexOf('-'));
  return atHyphen.length >= maxChars / 2 ? atHyphen : cut.replace(/-+$/, '');
};

/** A new article id from the title that is not in `taken`: `reisepass-beantragen`, else `reisepass-beantragen-2`, … */
export const uniqueArticleId = (title: string, fallback: string, taken: ReadonlySet<string>): string => {
  const base = slugOf(title) || slugOf(fallback) || 'leistung';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const id = `${slugOf(base, ID_MAX_CHARS - suffix.length)}${suffix}`;
    if (!taken.has(id)) return id;
  }
};
