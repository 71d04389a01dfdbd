/**
 * Does a set of paragraphs support one claim? Pure. Support means content overlap (see
 * overlap.ts) AND every number, date and proper name of the claim present in those paragraphs
 * AND no negation mismatch with the paragraph sentence closest to the claim. A claim written in
 * another language than the passages shares few words with them; it is held to its numbers and
 * names, and must share at least one of them.
 */
import type { Passage } from '../../domain/types.js';
import { formatRef } from '../../text/markers.js';
import { datesIn, nameContext, namesIn, negationMismatch, negationOf, numbersIn, oppositeWords, type Negation } from './facts.js';
import { contentKeys, keyOf, overlap, supports } from './overlap.js';

/** Everything about a passage the checks need, computed once per answer. */
export interface PassageEvidence {
  passage: Passage;
  keys: Set<string>;
  /** Keys of every word, stopwords included: names are looked up here. */
  words: Set<string>;
  numbers: Map<string, string>;
  dates: Set<string>;
  sentences: { text: string; keys: Set<string>; negation: Negation }[];
}

export interface Evidence {
  passages: PassageEvidence[];
  names: ReturnType<typeof nameContext>;
  /** Lower-cased words of every passage. */
  vocabulary: Set<string>;
  /** The passages' most frequent short words: the function words of their language, whatever it is. */
  functionWords: Set<string>;
}

const allWords = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

const FUNCTION_WORDS = 30;

export function gatherEvidence(passages: readonly Passage[]): Evidence {
  const vocabulary = new Set<string>();
  const counts = new Map<string, number>();
  const evidence = passages.map((passage) => {
    const words = new Set<string>();
    for (const w of allWords((passage.title ?? '').replace(/\./g, ''))) words.add(keyOf(w));
    for (const w of allWords(passage.text.replace(/\./g, ''))) {
      vocabulary.add(w);
      words.add(keyOf(w));
      if (w.length <= 4 && /^\p{L}+$/u.test(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    const sentences = (passage.sentences.length > 0 ? passage.sentences.map((s) => s.text) : [passage.text]).map((text) => ({
      text,
      keys: contentKeys(text),
      negation: negationOf(text),
    }));
    return { passage, keys: contentKeys(passage.text), words, numbers: numbersIn(passage.text), dates: datesIn(passage.text), sentences };
  });
  const functionWords = new Set(
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, FUNCTION_WORDS)
      .map(([w]) => w),
  );
  return { passages: evidence, names: nameContext(passages.map((p) => p.text)), vocabulary, functionWords };
}

/**
 * Text in the passages' language uses their function words ("the", "of" in English) and mostly
 * their vocabulary; a translation uses neither. Judged on a whole answer, which is rarely mixed.
 */
export function inPassageLanguage(claim: string, evidence: Evidence): boolean {
  const words = allWords(claim).filter((w) => /\p{L}/u.test(w));
  if (words.length < 3) return true;
  const known = words.filter((w) => evidence.vocabulary.has(w)).length;
  const functional = words.filter((w) => evidence.functionWords.has(w)).length;
  return known / words.length >= 0.5 || functional >= 2 || functional / words.length >= 0.15;
}

// Where a sentence joins claims: conjunctions, relative clauses, semicolons.
const CLAUSE_BREAK =
  /,?\s+(?:and|but|while|whereas|after|before|because|although|though)\s+|,\s+(?:where|which|who|when|more than|including)\s+|;\s*/i;

function clausesOf(claim: string): string[] {
  const parts = claim.split(CLAUSE_BREAK).map((p) => p.trim().replace(/[.!?]+$/, ''));
  return parts.length > 1 ? parts.filter(Boolean) : [];
}

export type Verdict = { supported: true; strength: number } | { supported: false; reason: string };

const refs = (group: readonly PassageEvidence[], multiDoc: boolean) =>
  group.map((e) => formatRef({ doc: e.passage.doc, paragraph: e.passage.paragraph }, multiDoc)).join(', ');

export interface Judging {
  evidence: Evidence;
  multiDoc: boolean;
  /** The answer is in the passages' language (see inPassageLanguage). */
  native: boolean;
}

/** Whether `group` (the paragraphs a claim cites) supports `claim`. */
export function judge(claim: string, group: readonly PassageEvidence[], { evidence, multiDoc, native }: Judging): Verdict {
  const where = refs(group, multiDoc);
  const claimKeys = contentKeys(claim);
  const union = new Set(group.flatMap((e) => [...e.keys]));
  const o = overlap(claimKeys, union);
  if (claimKeys.size > 0 && !(native ? supports(o, claimKeys.size) : o.shared >= 1)) {
    return { supported: false, reason: `${where} does not say this (too few of its words)` };
  }
  // A true clause must not carry an invented one: "X voted against it and resigned".
  for (const clause of native ? clausesOf(claim) : []) {
    const keys = contentKeys(clause);
    if (keys.size >= 2 && !supports(overlap(keys, union), keys.size))
      return { supported: false, reason: `${where} does not say "${clause}"` };
  }
  for (const [value, written] of numbersIn(claim)) {
    if (!group.some((e) => e.numbers.has(value))) return { supported: false, reason: `"${written}" is not in ${where}` };
  }
  for (const date of datesIn(claim)) {
    if (!group.some((e) => e.dates.has(date))) return { supported: false, reason: `"${date}" is not in ${where}` };
  }
  const names = namesIn(claim, evidence.names);
  for (const name of names) {
    // In a translation only names the passages use can be checked: its other capitalised words are just words.
    if (!native && !evidence.passages.some((e) => e.words.has(name))) continue;
    if (!group.some((e) => e.words.has(name))) {
      const written = claim.match(/[\p{L}][\p{L}\p{N}’'.-]*/gu)?.find(
        (w) =>
          keyOf(
            w
              .replace(/['’]s$/, '')
              .replace(/\./g, '')
              .toLowerCase(),
          ) === name,
      );
      return { supported: false, reason: `"${written ?? name}" is not in ${where}` };
    }
  }
  const closest = group
    .flatMap((e) => e.sentences)
    .map((s) => ({ s, o: overlap(claimKeys, s.keys) }))
    .sort((a, b) => b.o.cosine - a.o.cosine)[0];
  if (closest && negationMismatch(negationOf(claim), claimKeys, closest.s.negation, closest.s.keys)) {
    return { supported: false, reason: `${where} says the opposite (negation differs)` };
  }
  if (closest && native && oppositeWords(claim, closest.s.text)) return { supported: false, reason: `${where} says the opposite` };
  return { supported: true, strength: o.coverage };
}

/** The sentence of a passage closest to a claim: the quote shown under the answer. */
export function bestQuote(e: PassageEvidence, claim: string): { quote: string; strength: number } {
  const keys = contentKeys(claim);
  let best = { quote: e.passage.text.trim(), strength: -1 };
  for (const s of e.sentences) {
    const { cosine } = overlap(keys, s.keys);
    if (cosine > best.strength) best = { quote: s.text, strength: cosine };
  }
  return best;
}
