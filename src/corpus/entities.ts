import type { ItemCustomEntity, ItemEntity } from 'wink-nlp';
import type { Entity, EntityType } from '../domain/types.js';

/**
 * Entities of a text — proper names, places, dates, durations, counts, money, percentages — from
 * wink-nlp's English model: its part-of-speech tagger and its entity recogniser, plus custom
 * entity patterns over those (a run of proper nouns is a name; a month followed by a year is one
 * date). Found once at ingest and stored with the index, so questions never load the model.
 *
 * Why wink and not compromise: on the Normans article of SQuAD 2.0 the gold answer was among
 * wink's entities of the asked kind for 56 of 70 who/when/where/how-many questions, against 29
 * for compromise, and wink tags ~1 MB of text in ~2 s where compromise takes ~14 s (the 10 MB
 * benchmark corpus must ingest within a minute). wink's light model does not tell people from
 * organisations, so names are typed by their context: a name after "in", "at", "near" … is a place.
 */
export interface EntityTagger {
  /** Entities of `text`, in order, not overlapping; offsets are indices into `text`. */
  tag(text: string): Entity[];
}

// Custom entity patterns (wink's pattern syntax: [POS or ENTITY or word|word]).
const PROPN_RUNS = [1, 2, 3, 4, 5, 6].map((n) => Array<string>(n).fill('[PROPN]').join(' '));
const NAME_PATTERNS = [
  ...PROPN_RUNS,
  // "William of Orange", "Robert the Bruce", "Countess Mira III of Vell"
  ...['[PROPN] [of|de|du|da|del|di|von|van|the|al|bin|la|le] [PROPN]'].flatMap((core) =>
    ['', '[PROPN] ', '[PROPN] [PROPN] '].flatMap((before) => ['', ' [PROPN]'].map((after) => `${before}${core}${after}`)),
  ),
  // A name with a number in it: "Apollo 11", "Boeing 747".
  '[PROPN] [CARDINAL]',
  '[PROPN] [PROPN] [CARDINAL]',
];
const DURATION_PATTERNS = ['[CARDINAL] [-] [DURATION]', '[CARDINAL] [DURATION]'];
const DATE_PATTERNS = [
  '[DATE]',
  '[TIME]',
  '[DATE] [CARDINAL]',
  '[DATE] [CARDINAL] [,] [CARDINAL]',
  '[CARDINAL] [DATE] [CARDINAL]',
  '[ORDINAL] [century|centuries|millennium]',
  '[early|mid|late] [ORDINAL] [century|centuries]',
  '[ORDINAL] [and|or|to] [ORDINAL] [century|centuries]',
];
/** A token after which a new sentence (or quotation) starts. */
const SENTENCE_END = /^[.!?:"“”]$/;
const ORDINARY_MEMO = 20_000;
/** Parts of speech no name has. */
const NOT_NAMES = new Set(['ADJ', 'ADV', 'DET', 'ADP', 'PRON', 'CCONJ', 'SCONJ', 'AUX', 'PART', 'INTJ']);
const DECADE = /^\d{2,4}['’]?s$/;
/** "I'm", "they've": the tagger sometimes takes a capitalised contraction for a name. */
const CONTRACTION = /['’](?:m|re|ve|ll|d)$/i;
/** Prepositions after which a name is a place ("talks in Oslo", "left from Lisbon"). */
const PLACE_PREPOSITIONS = new Set(
  'in at near from into inside outside across throughout toward towards via around within'.split(' '),
);

const BUILT_IN: Record<string, EntityType | undefined> = {
  DATE: 'date',
  TIME: 'date',
  DURATION: 'duration',
  CARDINAL: 'number',
  MONEY: 'money',
  PERCENT: 'percent',
};

let shared: Promise<EntityTagger> | undefined;

/**
 * Loads the model (~0.4 s) on first use; index builds call this, so asking never pays for it.
 * One tagger per process: the model is a module that wink-nlp changes when it is set up, and a
 * second instance over it tags differently (names go missing), so every build shares the first.
 */
export function createEntityTagger(): Promise<EntityTagger> {
  shared ??= loadTagger();
  return shared;
}

async function loadTagger(): Promise<EntityTagger> {
  const { default: winkNLP } = await import('wink-nlp');
  const { default: model } = await import('wink-eng-lite-web-model');
  const nlp = winkNLP(model, ['sbd', 'pos', 'ner', 'cer']);
  nlp.learnCustomEntities(
    [
      { name: 'name', patterns: NAME_PATTERNS },
      { name: 'date', patterns: DATE_PATTERNS },
      { name: 'duration', patterns: DURATION_PATTERNS },
    ],
    { matchValue: false, usePOS: true, useEntity: true },
  );
  const its = nlp.its;
  // Sentence openings repeat across a long corpus ("Congress has …"): read each once.
  const ordinary = new Map<string, boolean>();
  return {
    tag(text) {
      const doc = nlp.readDoc(text);
      const tokens = doc.tokens();
      const values = tokens.out(its.value);
      const pos = tokens.out(its.pos);
      const offsets = tokenOffsets(text, values);
      const spans: { type: EntityType; first: number; last: number }[] = [];
      // "Top officials met …": a sentence's first word is capitalised whatever it is. Read again in
      // lower case with the words after it, a word the tagger then calls an adjective, adverb or
      // function word was never a name; a name ("Ruiz said") stays a noun or a name.
      const capitalisedWord = (i: number): boolean => {
        if (i > 0 && !SENTENCE_END.test(values[i - 1]!)) return false;
        const words = [values[i]!.toLowerCase(), ...values.slice(i + 1, i + 4)].join(' ');
        let common = ordinary.get(words);
        if (common === undefined) {
          common = NOT_NAMES.has(nlp.readDoc(words).tokens().out(its.pos)[0]!);
          if (ordinary.size >= ORDINARY_MEMO) ordinary.clear();
          ordinary.set(words, common);
        }
        return common;
      };
      // Tokens of the model's own dates: "February 1082" also fits the name-with-a-number pattern.
      const dated = new Set<number>();
      doc.entities().each((e: ItemEntity) => {
        const [first, last] = e.out(its.span) as unknown as [number, number];
        if (['DATE', 'TIME', 'DURATION'].includes(e.out(its.type))) for (let i = first; i <= last; i++) dated.add(i);
      });
      // What the tagger calls a name but names no one.
      const falseName = (first: number, last: number): boolean =>
        values.slice(first, last + 1).some((v) => CONTRACTION.test(v)) ||
        // "a Ministry spokesperson", "the Norvalian capital": a name used as a modifier.
        (pos[last + 1] === 'NOUN' && pos[last] === 'PROPN') ||
        (first === last && capitalisedWord(first));
      doc.customEntities().each((e: ItemCustomEntity) => {
        const [first, last] = e.out(its.span) as unknown as [number, number];
        const kind = e.out(its.type);
        if (kind === 'name' && falseName(first, last)) return;
        const type: EntityType =
          kind === 'duration' ? kind : kind === 'date' || dated.has(first) ? 'date' : nameType(values, pos, first);
        spans.push({ type, first, last });
      });
      doc.entities().each((e: ItemEntity) => {
        const kind = BUILT_IN[e.out(its.type)];
        const [first, last] = e.out(its.span) as unknown as [number, number];
        if (!kind || spans.some((s) => s.first <= last && first <= s.last)) return;
        // "the first day": a unit without a count is no duration.
        if (kind === 'duration' && first === last) return;
        // A bare year ("in 1066", "the 1990s") is a date, not a count.
        const type = kind === 'number' && first === last && isYear(values[first]!, pos[last + 1]) ? 'date' : kind;
        spans.push({ type, first, last });
      });
      // "the 1990s": a decade is a number to the model; it is a date.
      values.forEach((v, i) => {
        if (pos[i] === 'NUM' && DECADE.test(v) && !spans.some((s) => s.first <= i && i <= s.last)) spans.push({ type: 'date', first: i, last: i });
      });
      // "Deputy Minister He Wen": a capitalised word mid-sentence that the tagger read as a pronoun
      // or another function word ("He", "An") is the first part of the name it stands before.
      for (const span of spans) {
        const i = span.first - 1;
        if (span.type !== 'name' || i < 1 || SENTENCE_END.test(values[i - 1]!) || !/^\p{Lu}/u.test(values[i]!)) continue;
        if (NOT_NAMES.has(pos[i]!) && !spans.some((s) => s.first <= i && i <= s.last)) span.first = i;
      }
      const entities = spans
        .sort((a, b) => a.first - b.first)
        .map((s) => trimmed(text, { type: s.type, start: offsets[s.first]!.start, end: offsets[s.last]!.end }))
        .filter((e) => e.end > e.start);
      return joinHyphenated(text, entities);
    },
  };
}

function nameType(values: string[], pos: string[], first: number): EntityType {
  const before = first > 0 && pos[first - 1] === 'DET' ? first - 2 : first - 1;
  return before >= 0 && pos[before] === 'ADP' && PLACE_PREPOSITIONS.has(values[before]!.toLowerCase()) ? 'place' : 'name';
}

function isYear(value: string, nextPos: string | undefined): boolean {
  return /^\d{3,4}s?$/.test(value) && Number.parseInt(value, 10) >= 100 && Number.parseInt(value, 10) <= 2199 && nextPos !== 'NOUN';
}

/** Start/end of each token in `text` (the tagger may normalise a token; it then gets its neighbour's place). */
function tokenOffsets(text: string, values: string[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let cursor = 0;
  for (const value of values) {
    const at = value ? text.indexOf(value, cursor) : -1;
    // A token not found near the cursor (normalised by the tagger) takes zero width there.
    if (at < 0 || at - cursor > 16) {
      out.push({ start: cursor, end: cursor });
      continue;
    }
    out.push({ start: at, end: at + value.length });
    cursor = at + value.length;
  }
  return out;
}

/** Drops a possessive and punctuation the span swallowed ("Port Alder's" → "Port Alder"). */
function trimmed(text: string, e: Entity): Entity {
  let { start, end } = e;
  const span = text.slice(start, end);
  const possessive = /['’]s$/.exec(span);
  if (possessive) end -= possessive[0].length;
  // A final dot stays on an initialism ("U.K.").
  while (end > start && /[\s,.;:!?"“”'’()[\]-]/.test(text[end - 1]!) && !/(?:^|[\s.])\p{L}\.$/u.test(text.slice(start, end))) end--;
  while (start < end && /[\s,;:"“”'’()[\]-]/.test(text[start]!)) start++;
  return { ...e, start, end };
}

/** The tagger splits "Saint-Clair-sur-Epte" at its hyphens: names joined by a bare hyphen are one. */
function joinHyphenated(text: string, entities: Entity[]): Entity[] {
  const out: Entity[] = [];
  for (const e of entities) {
    const last = out[out.length - 1];
    const gap = last ? text.slice(last.end, e.start) : '';
    if (last && (last.type === 'name' || last.type === 'place') && (e.type === 'name' || e.type === 'place') && /^-(?:\p{Ll}+-)*$/u.test(gap)) {
      last.end = e.end;
      continue;
    }
    out.push({ ...e });
  }
  return out;
}
