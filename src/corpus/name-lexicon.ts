import type { NameLexicon } from '../text/names.js';

/**
 * Given names ("Ada", "Tomas") and titles ("President", "Lord"), from the lexicon of compromise,
 * a maintained English NLP library. Only a given name is a part of a name a text can drop and
 * still mean the same one: "Northern" of "Northern Cyprus" or "Vice" of "Vice President" never
 * stands alone in a text either, but dropping it names something else. And a title standing
 * alone ("the President said") is not the surname of the name beside it. A word it does not know
 * at all ("Haodong") is taken for a given name after a title: it knows few names from outside English.
 */
const GIVEN_NAME_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName']);
const TITLE_TAGS = new Set(['Honorific', 'Actor']);
/** Tags of names and of the words that are only ever written capitalised. */
const NAME_TAGS = new Set([
  ...GIVEN_NAME_TAGS,
  ...['LastName', 'Person', 'ProperNoun', 'City', 'Place', 'Organization', 'Demonym', 'Country', 'Region', 'SportsTeam'],
  ...['Month', 'WeekDay', 'Date', 'Abbreviation', 'Currency'],
]);

/** Loads the lexicon (~0.2 s, at ingest only: questions never need it). */
export async function loadNameLexicon(): Promise<NameLexicon> {
  const { default: nlp } = await import('compromise/two');
  // The lexicon maps a lowercase word to its tag, or to several.
  const { lexicon } = (nlp.model() as { one: { lexicon: Record<string, string | string[] | undefined> } }).one;
  const tagsOf = (word: string): string[] => {
    const found = lexicon[word.toLowerCase()];
    return found === undefined ? [] : Array.isArray(found) ? found : [found];
  };
  const tagged = (tags: Set<string>) => (word: string) => tagsOf(word).some((t) => tags.has(t));
  return {
    isGivenName: tagged(GIVEN_NAME_TAGS),
    isTitle: tagged(TITLE_TAGS),
    // Known to the lexicon, and never as a name: unknown words are names as far as it can tell.
    isOrdinaryWord: (word) => {
      const tags = tagsOf(word);
      return tags.length > 0 && !tags.some((t) => NAME_TAGS.has(t));
    },
    isUnknownWord: (word) => tagsOf(word).length === 0,
  };
}
