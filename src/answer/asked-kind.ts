import type { EntityType } from '../domain/types.js';
import { stemTerm } from '../text/tokens.js';
import { ASKS_WHAT_IT_IS_CALLED } from './speech.js';
import { ownValue } from '../domain/records.js';

/**
 * The kind of phrase a question asks for, read from its question word: who → a name, when → a
 * date, where → a place, how many → a number, how much → money, a percentage or a number,
 * which/what + noun → what the noun names ("which city" → a place, "what year" → a date).
 */
export interface AskedKind {
  /** Entity types that answer it, best first. */
  types: EntityType[];
  /**
   * Read from "which" alone: "which stadium" asks for a name of some kind, so any name fits the
   * type, but a name does not show it is a stadium.
   */
  generic?: true;
  /** The noun of "which <noun>" when it names no known kind ("which crop"). */
  noun?: string;
  /** "Which country …", "what nations …": a country's name is the answer. */
  country?: true;
  /** "Which building …": nouns of buildings; a name the text puts one right after ("the Corvin 118 tower") is the answer. */
  structure?: string[];
  /**
   * "Which company …": the name of an organisation, not of a person. `institution` when such names
   * say what they are ("Vell City Council", "the Institute for …"); a company's name need not.
   */
  organisation?: 'institution' | 'any';
  /** "Where …", "which city …": a place, never one of the people the text names. */
  place?: true;
}

const WHO: AskedKind = { types: ['name'] };
const WHEN: AskedKind = { types: ['date', 'duration'] };
const WHERE: AskedKind = { types: ['place', 'name'], place: true };
const STRUCTURE_NOUNS = 'venue building site port street square hall palace tower';
const STRUCTURE: AskedKind = { types: ['name', 'place'], structure: STRUCTURE_NOUNS.split(' ') };
const COUNT: AskedKind = { types: ['number'] };
const COUNT_TIME: AskedKind = { types: ['duration', 'number'] };
const TIME_UNITS = /^(?:second|minute|hour|day|week|month|year|decade|centur(?:y|ie))s$/;
/** "How high": a height, or a level told as a share ("unemployment is 40%"). */
const LEVEL: AskedKind = { types: ['number', 'percent'] };
const AMOUNT: AskedKind = { types: ['money', 'percent', 'number'] };
const SHARE: AskedKind = { types: ['percent', 'number'] };
const LENGTH: AskedKind = { types: ['duration', 'date', 'number'] };
const CHANGE_AMOUNT: AskedKind = { types: ['percent', 'money', 'number'] };
const CHANGE =
  /\b(?:rise|rises|rose|risen|fall|falls|fell|fallen|jump|jumped|jumps|drop|dropped|drops|increase|increased|decrease|decreased|climb|climbed|grow|grew|grown|gain|gained|slump|slumped|surge|surged|(?:go|goes|going|gone|went|gonna go) (?:up|down))\b/;
// A tagger often takes "at the Vell Council" for a place: an organisation's name may be either.
const INSTITUTION: AskedKind = { types: ['name', 'place'], organisation: 'institution' };
const ORGANISATION: AskedKind = { types: ['name', 'place'], organisation: 'any' };
const ANY_NAME: AskedKind = { types: ['name', 'place'] };
const SOME_NAME: AskedKind = { ...ANY_NAME, generic: true };

// Nouns of "which/what <noun>" questions, by what they name. Generic English, no article's words.
const NOUN_KINDS: [AskedKind, string][] = [
  [WHERE, 'city country nation state province region town village place location capital continent island area county district territory'],
  // A building is named ("the Corvin 118 tower"), a city is a place: the name before the place it stands in.
  [STRUCTURE, STRUCTURE_NOUNS],
  [
    WHO,
    'person people man woman men women leader official officer president king queen ruler emperor minister secretary chief head member spokesperson spokesman spokeswoman author founder player team government',
  ],
  // "Think tank" is read by its second word.
  [
    INSTITUTION,
    'organization organisation agency department ministry university institution council institute union committee commission authority tank',
  ],
  [ORGANISATION, 'company firm group party bank newspaper network foundation charity publication'],
  [WHEN, 'year month day date time century decade era period season week weekday'],
  [SHARE, 'percentage percent share proportion rate'],
  [AMOUNT, 'price cost amount sum value fee fine budget salary'],
  [COUNT, 'number figure total count'],
];
let kindOfNoun: Map<string, AskedKind> | undefined;
/** Kinds by the stem of their nouns, made on first use (stemming ~100 nouns is no work for import time). */
const kindsByStem = () =>
  (kindOfNoun ??= new Map(NOUN_KINDS.flatMap(([kind, nouns]) => nouns.split(' ').map((n) => [stemTerm(n), kind] as const))));

// "How big" and "how large" ask for a size, an amount of money or a share as "how much" does.
const HOW: Record<string, AskedKind> = {
  many: COUNT,
  much: AMOUNT,
  long: LENGTH,
  old: COUNT,
  far: COUNT,
  tall: COUNT,
  high: LEVEL,
  big: AMOUNT,
  large: AMOUNT,
};
/** "Who is Ana Ruiz?", "who was King Olaf IV": an identity question about a name the question gives. */
const ABOUT_A_NAME = /^[Ww]ho(?:'s|\s+(?:is|was|are|were))\s+(?:\p{Lu}[\p{L}\p{N}.'’-]*\s*)+\??$/u;
const COUNTRY_NOUNS = new Set(['country', 'countries', 'nation', 'nations']);
const AUXILIARY = /^(?:do|does|did|is|are|was|were|has|have|had|will|would|can|could|should|may|might|must)$/;
/** Words between "which" and its noun: "which Danish official", "what exact year". */
const NOUN_LOOKAHEAD = 3;
/** Words that end the noun phrase after "the name of": a preposition, a relative pronoun, a verb of the question. */
const PHRASE_END =
  /^(?:do|does|did|is|are|was|were|has|have|had|will|would|can|could|of|in|on|at|to|for|with|by|from|near|during|that|who|whom|which|whose|and|or)$/;

export function askedKind(question: string): AskedKind | undefined {
  // "U.S." is one word between "which" and its noun ("which two U.S. officials").
  const words = question.toLowerCase().match(/(?:\p{L}\.){2,}|\p{L}+/gu) ?? [];
  const at = words.findIndex((w) => /^(?:who|whom|whose|when|where|which|what|how)$/.test(w));
  // "Did she say anything when she left?" asks yes or no: its "when" opens a clause.
  if (at < 0 || (at > 0 && AUXILIARY.test(words[0]!))) return undefined;
  const wh = words[at]!;
  const next = words.slice(at + 1, at + 1 + NOUN_LOOKAHEAD);
  switch (wh) {
    case 'who':
    case 'whom':
    case 'whose':
      // "Who is Ana Ruiz?" asks what she is (a role), not for a name.
      return ABOUT_A_NAME.test(question.trim()) ? undefined : WHO;
    case 'when':
      return WHEN;
    case 'where':
      return WHERE;
    case 'how':
      // "How much of the water leaks?" asks for a share.
      if (next[0] === 'much' && next[1] === 'of') return SHARE;
      // "How many days …": a span of time ("four days", "a five-day trip") before a bare number.
      if (next[0] === 'many' && TIME_UNITS.test(next[1] ?? '')) return COUNT_TIME;
      // "How much did shares rise?": a change is told as a percentage first.
      if (next[0] === 'much' && CHANGE.test(words.slice(at + 2).join(' '))) return CHANGE_AMOUNT;
      return ownValue(HOW, next[0] ?? '');
    default: {
      // "What did the regional premier …" asks what someone did: its words are no kind noun.
      const action = AUXILIARY.test(next[0] ?? '');
      const noun = action ? undefined : next.map((w) => kindsByStem().get(stemTerm(w))).find(Boolean);
      if (noun) return next.some((w) => COUNTRY_NOUNS.has(w)) ? { ...noun, country: true } : noun;
      // "What is the name of …", "what's it called" ask for a name; other "what" questions ask for a description.
      if (wh === 'what') return namedKind(question, words) ?? (ASKS_WHAT_IT_IS_CALLED.test(question) ? ANY_NAME : undefined);
      return next[0] && next[0] !== 'of' && !action ? { ...SOME_NAME, noun: next[0] } : SOME_NAME;
    }
  }
}

/**
 * "What is the name of the spokesperson …": the kind of name the noun of the phrase (its last
 * word) asks for, a person's here; any name when it names no kind ("the national anthem").
 */
function namedKind(question: string, words: string[]): AskedKind | undefined {
  if (!/\bname of\b/i.test(question)) return undefined;
  const rest = words.slice(words.findIndex((w, i) => w === 'name' && words[i + 1] === 'of') + 2);
  const end = rest.findIndex((w, i) => i > 0 && PHRASE_END.test(w));
  const noun = rest.slice(0, end < 0 ? undefined : end).at(-1);
  const kind = noun ? kindsByStem().get(stemTerm(noun)) : undefined;
  // A name is asked for: "the name of the figure" is no number.
  return kind?.types.some((t) => t === 'name' || t === 'place') ? kind : ANY_NAME;
}
