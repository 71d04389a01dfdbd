import { stemTerm, wordTokens } from '../text/tokens.js';
import { ownValue } from '../domain/records.js';

/**
 * What kind of answer a question wants, from its wording, and whether a sentence has one.
 * Only kinds that can be recognised reliably in any English text: quantities, times, places, and
 * two grains of time that "what year" and "what day / date" ask for: "next week" is a time but
 * names no day, "since May" no year.
 */
export type AnswerType = 'quantity' | 'time' | 'place' | 'year' | 'day';

// Each is tested from the question's first question word: in "Who led the troops when the city
// fell?" the "when" belongs to a clause, and a person is asked for.
// The noun may follow a word that says what is measured: "what tariff rate", "what total amount"
// (not before "share" or "number", which are also verbs: "what members share the cost").
const QUANTITY_QUESTION =
  /^(how (many|much|long|big|tall|far|old|often|large|high)|what (percentage|percent|share|proportion|number|amount|rate|level)|what [\p{L}-]+ (percentage|proportion|amount|rates?|levels?))\b/iu;
const TIME_QUESTION = /^(when|what (day|date|time|year|month)|which (day|date|year|month))\b/i;
const QUESTION_WORD = /\b(?:who|whom|whose|when|where|which|what|how|why)\b/i;

const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|trillion|dozen|dozens|half|double|triple|single';
const QUANTITY = new RegExp(`\\d|%|\\b(${NUMBER_WORDS}|percent)\\b`, 'i');
// A fraction is an amount too: "more than a third of the island", "two-thirds of voters".
const FRACTION = /\b(?:a|one|two|three)[\s-]+(?:thirds?|quarters?)\b/i;
const WEEKDAYS = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';
const NEAR_DAYS = 'today|yesterday|tomorrow|tonight';
/** Three or four digits after a preposition of time ("in 843", "until 1185"), not a count ("in 120 towns"). */
const YEAR_AFTER_PREPOSITION = String.raw`\b(in|since|by|until|before|after|from|around|circa|between|during)\s+\d{3,4}\b(?![.,]?\d|\s*(%|percent|\p{Ll}+s\b))`;
const TIME = new RegExp(
  String.raw`\b(${WEEKDAYS}|january|february|march|april|may|june|july|august|september|october|november|december|${NEAR_DAYS}|morning|evening|night|week|weeks|month|months|year|years|decade|since|until|ago|century|centuries)\b|\b(1[6-9]|20)\d\d\b|${YEAR_AFTER_PREPOSITION}`,
  'iu',
);

const YEAR_QUESTION = /^(?:what|which) year\b/i;
const DAY_QUESTION = /^(?:what|which) (?:day|date)\b/i;
const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
/** A year: four digits from 1000, or three or four after a preposition of time ("in 843"). */
const YEAR = new RegExp(String.raw`\b1\d{3}\b|\b20\d\d\b|${YEAR_AFTER_PREPOSITION}`, 'iu');
/** A day: a weekday, "today" …, a day of a month ("Nov. 10", "10 November", "the 5th"), an ISO date. */
const DAY = new RegExp(
  String.raw`\b(${WEEKDAYS}|${NEAR_DAYS})\b|\b(${MONTHS})\.?\s+\d{1,2}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(${MONTHS})\b|\b\d{1,2}(st|nd|rd|th)\b|\b\d{4}-\d{2}-\d{2}\b`,
  'i',
);
const PLACE_QUESTION = /^(where|(which|what) (city|country|countries|place|venue|building|town|region|state|province|capital))\b/i;
// "in Lagos", "at the Grand Hotel", "near the village of Tarn": a preposition of place before a
// name, or before "the <noun> of <Name>".
// Or a name before a noun of place: "the Corvin 118 tower", "Lake Vell", "the Tarn river".
const PLACE =
  /\b(in|at|near|inside|outside|across|to)\s+(?:the\s+)?(?:\p{Ll}+\s+){0,2}?(?:of\s+)?\p{Lu}|\p{Lu}[\p{L}\d]*(?:\s+[\p{Lu}\d][\p{L}\d]*)*\s+(?:tower|building|hall|stadium|arena|hotel|palace|centre|center|square|street|avenue|airport|port|harbour|harbor|bridge|river|lake|mountains?|island|valley|province|county|district|region)\b/u;

export function expectedAnswerType(question: string): AnswerType | undefined {
  const at = question.search(QUESTION_WORD);
  if (at < 0) return undefined;
  question = question.slice(at);
  if (TIME_QUESTION.test(question)) return YEAR_QUESTION.test(question) ? 'year' : DAY_QUESTION.test(question) ? 'day' : 'time';
  if (PLACE_QUESTION.test(question)) return 'place';
  if (QUANTITY_QUESTION.test(question)) return 'quantity';
  return undefined;
}

/**
 * A quantity question a date cannot answer: not "how long …", whose answer a date can give
 * ("has led the region since 2015"), as it gives no count, rate or size.
 */
export function wantsAmount(question: string): boolean {
  if (expectedAnswerType(question) !== 'quantity') return false;
  return !/^how long\b/i.test(question.slice(question.search(QUESTION_WORD)));
}

export function hasAnswerType(text: string, type: AnswerType): boolean {
  return { quantity: QUANTITY, time: TIME, place: PLACE, year: YEAR, day: DAY }[type].test(text);
}

/**
 * Whether the text states an amount: a number that is not part of a date ("on November 1", "in
 * 2019"), or a fraction. What "how many" and "what rate" need, where `hasAnswerType` takes any
 * digit (its broad reading is what the ranking and decline weights were fitted on).
 */
export function hasAmount(text: string): boolean {
  const undated = text.replace(CALENDAR, ' ');
  return QUANTITY.test(undated) || FRACTION.test(undated);
}

/** The numbers of a date ("November 1", "10 May", "in 2019"): a time, not an amount. */
const CALENDAR = new RegExp(
  String.raw`\b(?:${MONTHS})\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?|\d{4}\b)|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:${MONTHS})\b(?:\s+\d{4}\b)?|${YEAR_AFTER_PREPOSITION}`,
  'giu',
);

/** "What year", "what day" ask for a time: its grain counts for ranking, not for declining. */
export function coarseType(type: AnswerType | undefined): AnswerType | undefined {
  return type === 'year' || type === 'day' ? 'time' : type;
}

/**
 * The text without what the question itself states — its numbers and the names it asks about —
 * which cannot be its answer: "How tall is the Corvin 118 tower?" is not answered by the 118 of
 * the tower's name, nor "Where in Vell …?" by "in Vell".
 */
export function withoutGiven(question: string, names: readonly string[]): (text: string) => string {
  const lowerNames = new Set(names.map((n) => n.toLowerCase()));
  const given = [...new Set(question.match(/\p{N}[\p{N}.,]*\p{N}|\p{N}|\p{Lu}\p{L}+/gu) ?? [])].filter(
    (w) => /\p{N}/u.test(w) || lowerNames.has(w.toLowerCase()),
  );
  if (given.length === 0) return (text) => text;
  // A given number takes its percent sign with it: "100%" is not answered by "100%" either.
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${given.map(escaped).join('|')})(?:\\s?%|\\s+per\\s?cent\\b)?(?![\\p{L}\\p{N}])`, 'gu');
  return (text) => text.replace(pattern, ' ');
}

/** The noun a "how many" question counts: "How many firefighters are …" → "firefighters". */
export function countedNoun(question: string): string | undefined {
  return /\bhow\s+many\s+(?:more\s+|other\s+|of\s+the\s+)?(\p{L}+)/iu.exec(question)?.[1]?.toLowerCase();
}

/**
 * The measure a "how many / how much" question counts in, when its wording marks one: "how many
 * tons of soybeans" (a measure *of* something), "how many square kilometres". A quote that gives
 * the amount in another measure ("the three officials") does not answer it.
 */
export function countedMeasure(question: string): string | undefined {
  const m =
    /\bhow\s+(?:many|much)\s+(?:more\s+|extra\s+|additional\s+)?(?:(?:square|cubic)\s+(\p{L}+)|(\p{L}+)\s+of\s+(?!(?:the|them|these|those|its|their|his|her|our|your|this|that)\b))/iu.exec(
      question,
    );
  return (m?.[1] ?? m?.[2])?.toLowerCase();
}

const NUMBER_TOKEN = new RegExp(`^(?:\\p{N}[\\p{N}.,]*|${NUMBER_WORDS})$`, 'iu');
/** Words between a number and the noun it counts: "850 firefighters", "about 6,200 of its people". */
const COUNT_GAP = 3;

/**
 * Whether the text puts a number before the counted noun (its stem), at most two words between;
 * with `compounds`, in a compound too ("a 12-member council", "a five-day trip").
 */
export function countsNoun(text: string, nounStem: string, compounds = false): boolean {
  const words = compounds ? wordTokens(text).flatMap((w) => w.split('-')) : wordTokens(text);
  return words.some((w, i) => NUMBER_TOKEN.test(w) && words.slice(i + 1, i + 1 + COUNT_GAP).some((next) => stemTerm(next) === nounStem));
}

/** Text as a regular-expression source, its special characters escaped. */
export const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Requests to produce something (a poem, a joke) rather than to learn what a text says.
const CREATIVE_REQUEST =
  /\b(write|tell|compose|make up|sing|generate|create|draw|invent|give)\b[^?.!]{0,40}\b(poem|poems|joke|jokes|story|stories|song|songs|essay|haiku|limerick|rap|riddle|recipe|novel|script)\b/i;

/** A request for creative output, which no article answers. */
export function isCreativeRequest(question: string): boolean {
  return CREATIVE_REQUEST.test(question);
}

/** "Who is the US trade representative?": an identity question whose role words must all be found. */
export function asksWhoHoldsRole(question: string): boolean {
  return /^\s*who(?:'s|\s+(?:is|was|are|were))\b/i.test(question);
}

/**
 * In "who is <role>" questions the role words are what must be in the text (indices of the
 * question's terms that are no names); the names around them only say where to look. None in
 * other questions.
 */
export function roleTerms(question: string, terms: readonly { proper: boolean }[]): number[] {
  return asksWhoHoldsRole(question) ? terms.flatMap((t, i) => (t.proper ? [] : [i])) : [];
}

const KIND_NOUNS: Record<string, AnswerType> = {
  city: 'place',
  cities: 'place',
  country: 'place',
  countries: 'place',
  place: 'place',
  places: 'place',
  venue: 'place',
  building: 'place',
  town: 'place',
  region: 'place',
  capital: 'place',
  location: 'place',
  day: 'time',
  date: 'time',
  year: 'time',
  month: 'time',
  time: 'time',
  week: 'time',
  number: 'quantity',
  percentage: 'quantity',
  percent: 'quantity',
  amount: 'quantity',
  share: 'quantity',
  rate: 'quantity',
};

let kindsByStem: Map<string, AnswerType> | undefined;

/** The kind a noun names, by its stem: "countrys" typed for "countries" still asks for a place. */
function kindOfNoun(word: string): AnswerType | undefined {
  kindsByStem ??= new Map(Object.entries(KIND_NOUNS).map(([noun, kind]) => [stemTerm(noun), kind]));
  return ownValue(KIND_NOUNS, word) ?? kindsByStem.get(stemTerm(word));
}

/**
 * Words of "which city …", "what day …" that name the kind of answer wanted: a sentence with
 * that kind of answer (a place, a time, a quantity) satisfies them without repeating the word.
 */
export function answerKindTerms(question: string): Map<string, AnswerType> {
  const out = new Map<string, AnswerType>();
  for (const m of question.toLowerCase().matchAll(/\b(?:which|what)\s+(\p{L}+)/gu)) {
    const kind = kindOfNoun(m[1]!);
    if (kind) out.set(m[1]!, kind);
  }
  return out;
}
