import { createRequire } from 'node:module';
import { CASED_WORD, casedWord, contentTerms, foldAccents } from './tokens.js';

/**
 * Names that mean the same country, and the regions it lies in, from the world-countries
 * dataset (mledoze/countries, ODbL 1.0): common and official names, abbreviations, demonyms and
 * capitals. A question about "Canadian farmers" is answered by a text about farmers in Canada; a
 * tour of "Europe" by a tour of Spain; "arrive in Oslo" by "arrive in the Norwegian capital".
 * General world knowledge, the same for every article: nothing here names what any text says.
 */
export interface PlaceGroup {
  /** Lowercased names of one country (names, abbreviations, demonyms, capitals). */
  names: string[];
  /** Regions it lies in ("asia", "south-eastern asia"): a question about one is answered by it. */
  within: string[];
  /** The names that are abbreviations ("uk"): they count only when written in capitals. */
  codes?: string[];
}

interface CountryRecord {
  name: { common: string; official: string };
  altSpellings?: string[];
  demonyms?: { eng?: { f?: string; m?: string } };
  capital?: string[];
  region?: string;
  subregion?: string;
}

/** Words as written, accents folded, dots and possessives dropped ("U.K." = "UK", "Oslo's" = "Oslo"). */
function casedWords(text: string): string[] {
  return (foldAccents(text).match(CASED_WORD) ?? []).map(casedWord);
}

/** Words as phrases are compared: lowercase, accents folded, dots dropped ("U.K." = "uk"). */
function words(text: string): string[] {
  return casedWords(text).map((w) => w.toLowerCase());
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter((w) => /^\p{Lu}/u.test(w))
    .map((w) => w[0]!)
    .join('');

/**
 * Other spellings kept: longer names ("Republic of Ireland") and abbreviations. Single words
 * are native names ("Ísland", which folds to the English word "island") and go. A two-letter
 * abbreviation counts only as a name's initials ("US" for United States): country codes ("MY",
 * "IN", "IT") are everyday words.
 */
function keepAlias(alias: string, c: CountryRecord): boolean {
  if (/\s/.test(alias)) return true;
  if (!/^[\p{Lu}.]+$/u.test(alias)) return false;
  if (!/^\p{Lu}{2}$/u.test(alias)) return alias.length >= 3;
  return [c.name.common, c.name.official, ...(c.altSpellings ?? [])].some((n) => n.includes(' ') && initials(n) === alias);
}

let gazetteer: PlaceGroup[] | undefined;

/** Every country's group (the dataset is read on first use, ~20 ms: index builds only). */
function countries(): PlaceGroup[] {
  if (gazetteer) return gazetteer;
  const require = createRequire(import.meta.url);
  const records = require('world-countries/countries.json') as CountryRecord[];
  gazetteer = records.map((c) => {
    const aliases = (c.altSpellings ?? []).filter((a) => keepAlias(a, c));
    const demonyms = [c.demonyms?.eng?.f, c.demonyms?.eng?.m].filter((d): d is string => !!d);
    // The word the demonym is made from, where only the official name has it: "America" of the
    // "United States of America" ("American"), a name in its own right in everyday English.
    const root = c.name.official.split(/\s+/).at(-1) ?? '';
    const rootName =
      demonyms.some((d) => d === `${root}n` || d === `${root}an`) && !c.name.common.split(/\s+/).includes(root) ? [root] : [];
    const all = [c.name.common, c.name.official, ...aliases, ...demonyms, ...rootName, ...(c.capital ?? [])];
    const names = [...new Set(all.map((n) => words(n).join(' ')).filter(Boolean))];
    // Abbreviations must be written in capitals to name the country ("UK", not "uk").
    const codes = [...new Set(aliases.filter((a) => /^[\p{Lu}.]+$/u.test(a)).map((a) => words(a).join(' ')))];
    const within = [...new Set([c.region, c.subregion].filter((r): r is string => !!r).map((r) => words(r).join(' ')))];
    return { names, within, codes };
  });
  return gazetteer;
}

/**
 * Whether `phrase` (lowercase words) occurs in `tokens` (lowercase). With `cased`, the same
 * words as written must start with a capital, all capitals for an abbreviation: in a text,
 * "island" is not Iceland's name, nor the pronoun "us" the United States.
 */
function occurs(tokens: string[], phrase: string[], cased?: { words: string[]; code: boolean }): boolean {
  outer: for (let i = 0; i + phrase.length <= tokens.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (tokens[i + j] !== phrase[j]) continue outer;
    if (cased) {
      const first = cased.words[i]!;
      if (cased.code ? first !== first.toUpperCase() : !/^\p{Lu}/u.test(first)) continue;
    }
    return true;
  }
  return false;
}

/**
 * The countries a corpus names in any way: stored with its index, so questions never read the
 * dataset. One text's words are held at a time (a 10 MB corpus would otherwise hold millions).
 */
export function placesIn(texts: string[]): PlaceGroup[] {
  const vocabulary = new Set<string>();
  for (const text of texts) for (const w of words(text)) vocabulary.add(w);
  const known = (name: string) => name.split(' ').every((w) => vocabulary.has(w));
  const pending = countries().filter((group) => group.names.some(known));
  const found = new Set<PlaceGroup>();
  for (const text of texts) {
    if (found.size === pending.length) break;
    const cased = casedWords(text);
    const lower = cased.map((w) => w.toLowerCase());
    for (const group of pending) {
      if (found.has(group)) continue;
      const named = group.names.some(
        (name) => known(name) && occurs(lower, name.split(' '), { words: cased, code: group.codes?.includes(name) ?? false }),
      );
      if (named) found.add(group);
    }
  }
  return pending.filter((group) => found.has(group));
}

interface PreparedGroup {
  /** Each name as words, with its content stems. */
  names: { phrase: string; words: string[]; stems: string[]; code: boolean }[];
}

interface Prepared {
  groups: PreparedGroup[];
  /** Each region, as words, with the stems of every name of the places in it. */
  regions: { phrase: string; words: string[]; stems: string[][] }[];
}

// Per index (its places array): names split and stemmed once, not at every question.
const preparedCache = new WeakMap<readonly PlaceGroup[], Prepared>();

function prepare(groups: readonly PlaceGroup[]): Prepared {
  let prepared = preparedCache.get(groups);
  if (prepared) return prepared;
  const prepGroups = groups.map((g) => ({
    names: g.names.map((phrase) => ({
      phrase,
      words: phrase.split(' '),
      stems: contentTerms(phrase),
      code: g.codes?.includes(phrase) ?? false,
    })),
  }));
  const regions = [...new Set(groups.flatMap((g) => g.within))].map((phrase) => ({
    phrase,
    words: phrase.split(' '),
    stems: groups.flatMap((g, i) => (g.within.includes(phrase) ? prepGroups[i]!.names.map((n) => n.stems) : [])),
  }));
  prepared = { groups: prepGroups, regions };
  preparedCache.set(groups, prepared);
  return prepared;
}

/**
 * For each question word inside a place name or region the corpus knows, the other names of that
 * place as content stems ("canadian" → [["canada"], ["ottawa"], …]; "europe" → every known
 * country of Europe). A sentence holding all stems of one alias matches the word.
 */
export function placeAliases(question: string, groups: readonly PlaceGroup[]): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  if (groups.length === 0) return out;
  const { groups: prepared, regions } = prepare(groups);
  const cased = casedWords(question);
  const tokens = cased.map((w) => w.toLowerCase());
  const present = new Set(tokens);
  // In a question typed in mixed case, "US" is the country and "us" the pronoun.
  const mixedCase = /\p{Ll}/u.test(question) && /\p{Lu}/u.test(question);
  const add = (words: string[], aliases: string[][]) => {
    const kept = aliases.filter((s) => s.length > 0);
    for (const w of words) out.set(w, [...(out.get(w) ?? []), ...kept]);
  };
  for (const g of prepared) {
    for (const name of g.names) {
      if (!present.has(name.words[0]!)) continue;
      const cases = mixedCase && name.code ? { words: cased, code: true } : undefined;
      if (occurs(tokens, name.words, cases))
        add(
          name.words,
          g.names.filter((n) => n.phrase !== name.phrase).map((n) => n.stems),
        );
    }
  }
  for (const region of regions) if (present.has(region.words[0]!) && occurs(tokens, region.words)) add(region.words, region.stems);
  return out;
}
