/**
 * The checkable facts of a claim: numbers (with percentages and scale words), dates, proper
 * names and negation. Pure. A claim that shares words with a paragraph can still say something
 * the paragraph does not — "250%" where it says "100%", "Sunday" where it says "Saturday", a
 * name it never mentions, "did" where it says "did not" — and these are what catch it.
 */
import { isStopword } from '../../text/tokens.js';
import { keyOf } from './overlap.js';

const NUMBER_WORDS: Record<string, number> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20,
  thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100, dozen: 12,
}; // prettier-ignore
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12, bn: 1e9, m: 1e6 };
// "1,250", "2.5", "48 million", "100%", "100 per cent", "twelve"; a digit glued to letters ("3rd") keeps its digits.
const NUMBER = new RegExp(
  String.raw`(\d[\d,]*(?:\.\d+)?|\b(?:${Object.keys(NUMBER_WORDS).join('|')})\b)(?:\s*-?\s*(thousand|million|billion|trillion|bn|m)\b)?`,
  'gi',
);

const MONTHS = 'january february march april may june july august september october november december'.split(' ');
const WEEKDAYS = 'monday tuesday wednesday thursday friday saturday sunday'.split(' ');

/** The numbers a text states: canonical value ("1,250" → "1250", "48 million" → "48000000") → as written. */
export function numbersIn(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(NUMBER)) {
    const word = m[1]!.toLowerCase();
    let value = NUMBER_WORDS[word] ?? Number(word.replace(/,/g, ''));
    if (!Number.isFinite(value)) continue;
    if (m[2]) value *= SCALES[m[2].toLowerCase()]!;
    const key = String(Math.round(value * 1000) / 1000);
    if (!out.has(key)) out.set(key, `${m[0].trim()}${/^\s*(?:%|per ?cent|percent)/i.test(text.slice(m.index + m[0].length)) ? '%' : ''}`);
  }
  return out;
}

/** Month and weekday names a text mentions ("May" only as a month when capitalised mid-text). */
export function datesIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/\p{L}+/gu)) {
    const word = m[0].toLowerCase();
    if (WEEKDAYS.includes(word)) out.add(word);
    else if (MONTHS.includes(word) && (word !== 'may' || /^May$/.test(m[0]))) out.add(word);
  }
  return out;
}

// Besides stopwords: words that open sentences, list items and headings without naming anything.
const DISCOURSE = new Set(
  `however meanwhile additionally furthermore moreover overall finally first second third still yet
  according based key summary answer note sources source reference references paragraph passage
  both several each every another either`.split(/\s+/),
);
const notAName = (bare: string) => isStopword(bare) || DISCOURSE.has(bare);

/**
 * Proper names of a sentence, as word keys: capitalised words that are not sentence-initial,
 * and a sentence-initial one when the context writes it capitalised mid-sentence too (a known
 * name) or never writes it in lower case (an unknown one). `known` and `lower` describe the
 * context the model was shown.
 */
export function namesIn(sentence: string, context: { capitalised: ReadonlySet<string>; lower: ReadonlySet<string> }): Set<string> {
  const out = new Set<string>();
  const words = [...sentence.matchAll(/[\p{L}][\p{L}\p{N}’'.-]*/gu)];
  words.forEach((m, i) => {
    const word = m[0].replace(/['’]s$/, '').replace(/[.-]+$/, '');
    if (!/^\p{Lu}/u.test(word)) return;
    const bare = word.replace(/\./g, '').toLowerCase();
    if (notAName(bare) || bare.length < 2) return;
    const before = sentence.slice(0, m.index).trimEnd();
    const initial = i === 0 || /[.!?:;•*#>\-–—]$|^\d+[.)]$/.test(before) || /["“(]$/.test(before);
    if (initial && !context.capitalised.has(bare) && context.lower.has(bare)) return;
    if (MONTHS.includes(bare) || WEEKDAYS.includes(bare)) return; // dates are checked as dates
    out.add(keyOf(bare));
  });
  return out;
}

/** Capitalised-mid-sentence and lower-case words of the context, for `namesIn`. */
export function nameContext(texts: readonly string[]): { capitalised: Set<string>; lower: Set<string> } {
  const capitalised = new Set<string>();
  const lower = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/(\S?)(\s*)([\p{L}][\p{L}\p{N}’'.-]*)/gu)) {
      const word = m[3]!.replace(/['’]s$/, '').replace(/[.-]+$/, '');
      const bare = word.replace(/\./g, '').toLowerCase();
      if (/^\p{Ll}/u.test(word)) lower.add(bare);
      else if (m[1] && !/[.!?"“]/.test(m[1])) capitalised.add(bare);
    }
  }
  return { capitalised, lower };
}

const NEGATORS =
  /^(?:not|no|never|none|nor|neither|nobody|nothing|without|cannot|n't|didn't|doesn't|don't|isn't|wasn't|weren't|aren't|won't|wouldn't|hasn't|haven't|hadn't|can't|couldn't|shouldn't)$/;
const CLAUSE_END = /^(?:but|and|or|while|although|though|whereas|because|which|who|as|after|before|when|since)$/;
const FUNCTION_WORD =
  /^(?:a|an|the|be|been|being|is|are|was|were|do|does|did|have|has|had|any|to|of|yet|ever|even|also|always|once|more|longer|plan|plans|planned|intend|intends|intended)$/;

/** Negation of a text: the first content word each negator applies to, and every word in its reach. */
export interface Negation {
  heads: Set<string>;
  scope: Set<string>;
}

export function negationOf(text: string): Negation {
  const heads = new Set<string>();
  const scope = new Set<string>();
  const tokens = text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .split(/(?=[,;:.!?])|\s+/)
    .filter(Boolean);
  tokens.forEach((raw, i) => {
    const token = raw.replace(/^[^\p{L}']+|[^\p{L}']+$/gu, '');
    if (!NEGATORS.test(token)) return;
    let headFound = false;
    for (let j = i + 1; j < Math.min(tokens.length, i + 8); j++) {
      const t = tokens[j]!.replace(/[^\p{L}\p{N}'-]/gu, '');
      if (/^[,;:.!?]/.test(tokens[j]!) || CLAUSE_END.test(t)) break;
      if (!t || FUNCTION_WORD.test(t)) continue;
      const key = keyOf(t.replace(/'s$/, ''));
      if (!headFound) heads.add(key);
      headFound = true;
      scope.add(key);
    }
  });
  return { heads, scope };
}

/**
 * A claim and a passage sentence disagree on negation when a word one of them negates appears
 * in the other outside any negation: "He commented" against "he did not comment".
 */
export function negationMismatch(
  claim: Negation,
  claimKeys: ReadonlySet<string>,
  source: Negation,
  sourceKeys: ReadonlySet<string>,
): boolean {
  for (const head of claim.heads) if (sourceKeys.has(head) && !source.scope.has(head)) return true;
  for (const head of source.heads) if (claimKeys.has(head) && !claim.scope.has(head)) return true;
  return false;
}

/**
 * Words that say the opposite of each other without a negator: "rose"/"fell", "open"/"closed",
 * "passed"/"failed", "voted for"/"against". Each group has two sides; a claim on one side
 * against a source sentence on the other (and not on both) contradicts it.
 */
const OPPOSITES: ReadonlyArray<readonly [RegExp, RegExp]> = [
  [
    /^(?:higher|highest|up|more|increas(?:e|ed|es|ing)|ris(?:e|es|en|ing)|rose|rais(?:e|ed|es|ing)|gain(?:s|ed)?)$/,
    /^(?:lower|lowest|down|less|fewer|decreas(?:e|ed|es|ing)|cuts?|fall(?:s|en|ing)?|fell|drop(?:s|ped|ping)?|loss|losses)$/,
  ],
  [/^(?:open|opens|opened|reopen(?:s|ed)?)$/, /^(?:clos(?:e|ed|es|ing)|shut)$/],
  [/^(?:pass(?:ed|es)?|approv\w*|adopted|accept\w*|agree(?:s|d|ment)?)$/, /^(?:fail\w*|reject\w*|defeated|refus\w*|declin\w*)$/],
  [/^(?:for|favou?r|support(?:s|ed|ing)?|backed)$/, /^(?:against|oppos(?:e|es|ed|ing|ition))$/],
  [/^(?:win|wins|won|winning)$/, /^(?:lose|loses|lost|losing)$/],
  [/^(?:before|earlier|early)$/, /^(?:after|later|late)$/],
  [/^(?:allow(?:s|ed)?|permit(?:s|ted)?)$/, /^(?:ban(?:s|ned)?|forbid(?:s|den)?|prohibit(?:s|ed)?)$/],
];

const sidesOf = (text: string) => {
  // Lower-case words only: "Falls" in a place name is not a fall.
  const words = text.match(/(?<![\p{L}])\p{Ll}+/gu) ?? [];
  return OPPOSITES.map(([a, b]) => [words.some((w) => a.test(w)), words.some((w) => b.test(w))] as const);
};

/** The claim takes one side of a pair of opposites and the source sentence only the other. */
export function oppositeWords(claim: string, source: string): boolean {
  const mine = sidesOf(claim);
  const theirs = sidesOf(source);
  return mine.some(([a, b], i) => {
    const [sa, sb] = theirs[i]!;
    return (a && !b && sb && !sa) || (b && !a && sa && !sb);
  });
}
