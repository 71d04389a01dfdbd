/**
 * "Which company / think tank …?" asks for an organisation's name, "where …?" for a place. The
 * tagger does not tell people from organisations, nor always from places; these rules do, from
 * the corpus's people and the words such names use.
 */

import type { NameParts } from '../text/names.js';
import { stemTerm, wordTokens } from '../text/tokens.js';
import type { AskedKind } from './asked-kind.js';

/** What the rules read of an answer-phrase candidate: its phrase, and where it ends in the text. */
interface Candidate {
  phrase: string;
  end: number;
}

const NO_PEOPLE: ReadonlySet<string> = new Set();

// Words that end or head the name of an organisation in English ("Vell City Council", "Bank of
// Vell", "Ruiz Holdings"): a person's name has none of them.
const ORGANISATION_WORDS =
  'council center centre institute institution department ministry office bureau agency administration authority commission committee board court university college school academy bank fund trust foundation association society federation league union party group company corporation corp inc ltd plc holdings partners network service organization organisation';
let organisationStems: Set<string> | undefined;
/** Stemmed on first use, not at import. */
const isOrganisationWord = (stem: string) => (organisationStems ??= new Set(ORGANISATION_WORDS.split(' ').map(stemTerm))).has(stem);

/**
 * "Which agency …", "what think tank …": the names that are an organisation's (one of its words
 * says so, or it is an acronym), when there are any: the person quoted beside it is not.
 */
export function organisationsFirst<C extends Candidate>(
  candidates: C[],
  organisation: AskedKind['organisation'],
  text: string,
  people: ReadonlySet<string> = NO_PEOPLE,
): C[] {
  if (!organisation) return candidates;
  const stems = (c: C) => wordTokens(c.phrase).map(stemTerm);
  const notPeople = candidates.filter((c) => !namesAPerson(c, people));
  const left = notPeople.length > 0 ? notPeople : candidates;
  if (organisation !== 'institution') return left;
  const named = left.filter((c) => /^\p{Lu}{2,6}$/u.test(c.phrase) || stems(c).some(isOrganisationWord)).map((c) => withNameTail(c, text));
  return named.length > 0 ? named : left;
}

/**
 * "Where …": a name the tagger did not read as a place is no answer when it is one of the corpus's
 * people ("their first meeting with Deputy Minister He Wen" says who, not where). A place it
 * tagged stays, whatever its words: "Washington" is a city and a surname.
 */
export function placesNotPeople<C extends Candidate & { rank: number }>(
  candidates: C[],
  kind: AskedKind,
  people: ReadonlySet<string> = NO_PEOPLE,
): C[] {
  if (!kind.place || people.size === 0) return candidates;
  return candidates.filter((c) => kind.types[c.rank] === 'place' || !namesAPerson(c, people));
}

/** Whether a word of the phrase is one of the corpus's people's given names or surnames. */
const namesAPerson = (c: Candidate, people: ReadonlySet<string>) => wordTokens(c.phrase).some((w) => people.has(stemTerm(w)));

/** "Center" + " for Harbour and Coastal Studies": the rest of a name a tagger splits at "for", "of", "and". */
const NAME_TAIL = /^(?:\s+(?:for|of|on|and|&)\s+(?:the\s+)?\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)*)+/u;

function withNameTail<C extends Candidate>(c: C, text: string): C {
  // A full stop after the last word ends the sentence, not an abbreviation of the name.
  const tail = NAME_TAIL.exec(text.slice(c.end))?.[0].replace(/\.$/, '');
  return tail ? { ...c, phrase: c.phrase + tail.replace(/\s+/g, ' '), end: c.end + tail.length } : c;
}

const peopleByParts = new WeakMap<NameParts, ReadonlySet<string>>();

/** The stems of the given names a corpus drops and of the surnames that stand for them. */
export function peopleOf(parts: NameParts | undefined): ReadonlySet<string> {
  if (!parts) return NO_PEOPLE;
  let people = peopleByParts.get(parts);
  if (!people) {
    people = new Set(Object.entries(parts).flatMap(([given, surnames]) => [given, ...surnames]));
    peopleByParts.set(parts, people);
  }
  return people;
}
