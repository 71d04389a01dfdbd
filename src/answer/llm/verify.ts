/**
 * Claim verification for generated text, sentence by sentence. Pure: parsed reply + the passages
 * that were in the prompt in, checked answer out.
 *
 * - A marker keeps only the paragraphs that were in the context and share words with its claim.
 * - A sentence is kept only if the paragraphs it cites support it (evidence.ts). A sentence
 *   without a marker may lean on the paragraphs cited by the sentences next to it, or listed in
 *   the model's own sources list; if one supports it, it gets that paragraph's marker.
 * - Headings and short lines that introduce a list are kept as they are, unless they state facts.
 * - Markers are rewritten in the house form (`[¶3]`, `[doc ¶3]` with several documents).
 * Removed sentences are reported with the reason.
 */
import type { Citation, Passage } from '../../domain/types.js';
import { formatMarker, formatRef, resolveRef, stripMarkers, type Marker } from '../../text/markers.js';
import { plainClaim, sentencesOf, type AnswerSentence } from './claims.js';
import { bestQuote, gatherEvidence, inPassageLanguage, judge, type Evidence, type Judging, type PassageEvidence } from './evidence.js';
import { datesIn, numbersIn } from './facts.js';
import { contentKeys, overlap, supports } from './overlap.js';
import { refsIn, type ParsedReply } from './reply.js';

// Stands in for a removed sentence until the lines it leaves empty are gone.
const REMOVED = '\u0000';

/** A sentence removed from a generated answer, and why (listed by `ask --json` under `dropped`). */
export interface DroppedSentence {
  sentence: string;
  reason: string;
}

export interface VerifiedAnswer {
  /** The kept sentences, markers in the house form; the model's Markdown is kept. */
  answer: string;
  /** One per cited paragraph, in order of first citation, with the sentence closest to its claims. */
  citations: Citation[];
  dropped: DroppedSentence[];
  /** Kept sentences that state something and cite a paragraph. */
  claims: number;
}

interface Checked {
  sentence: AnswerSentence;
  /** Per marker, the paragraphs that survive. */
  survivors: PassageEvidence[][];
  /** The paragraphs the sentence rests on (cited or borrowed). */
  group: PassageEvidence[];
  /** A marker to add (the sentence had none and borrowed a paragraph). */
  added?: PassageEvidence;
  reason?: string;
}

function resolveMarker(marker: Marker, segment: string, { evidence, native }: Judging) {
  const keys = contentKeys(segment);
  // A translated claim shares only names and numbers with its paragraph.
  const enough = native
    ? (o: ReturnType<typeof overlap>) => supports(o, keys.size) || (keys.size > 0 && o.shared >= 1 && o.coverage >= 0.5)
    : (o: ReturnType<typeof overlap>) => o.shared >= 1;
  const survivors: PassageEvidence[] = [];
  let unknown = 0;
  for (const ref of marker.refs) {
    const shown = resolveRef(
      ref,
      evidence.passages.map((e) => e.passage),
    );
    if (shown.length === 0) unknown++;
    // With several documents a bare number can be ambiguous: the passage that best supports the claim wins.
    const best = shown
      .map((p) => evidence.passages.find((e) => e.passage === p)!)
      .map((e) => ({ e, o: overlap(keys, e.keys) }))
      .filter(({ o }) => enough(o))
      .sort((a, b) => b.o.coverage - a.o.coverage)[0];
    if (best && !survivors.includes(best.e)) survivors.push(best.e);
  }
  return { survivors, unknown };
}

const hasFacts = (claim: string) => numbersIn(claim).size > 0 || datesIn(claim).size > 0 || /\s\p{Lu}/u.test(claim);

function firstPass(sentence: AnswerSentence, judging: Judging): Checked {
  const { multiDoc } = judging;
  const resolved = sentence.markers.map((m, i) => resolveMarker(m, sentence.segments[i]!, judging));
  const survivors = resolved.map((r) => r.survivors);
  const group = [...new Set(survivors.flat())];
  if (sentence.markers.length === 0 || group.length > 0) return { sentence, survivors, group };
  const named = sentence.markers.flatMap((m) => m.refs);
  const allUnknown = resolved.every((r) => r.unknown === r.survivors.length + r.unknown && r.unknown > 0);
  const label = named.map((r) => formatRef({ doc: r.doc ?? '', paragraph: r.paragraph }, multiDoc && r.doc !== undefined)).join(', ');
  return {
    sentence,
    survivors,
    group,
    reason: allUnknown ? `cites ${label}, which was not among the passages shown` : `${label} does not say this`,
  };
}

/** Paragraphs an uncited sentence may lean on: its neighbours' citations, the model's list, "paragraph N" in its text. */
function borrowable(index: number, checked: readonly Checked[], listed: PassageEvidence[], evidence: Evidence): PassageEvidence[] {
  const near = (step: number) => {
    for (let i = index + step; i >= 0 && i < checked.length; i += step) if (checked[i]!.group.length > 0) return checked[i]!.group;
    return [];
  };
  const prose = refsIn(checked[index]!.sentence.text).flatMap((r) =>
    resolveRef(
      r,
      evidence.passages.map((e) => e.passage),
    ),
  );
  const mentioned = evidence.passages.filter((e) => prose.includes(e.passage));
  return [...new Set([...near(-1), ...near(1), ...listed, ...mentioned])];
}

export function verifyAnswer(
  reply: Pick<ParsedReply, 'text' | 'markers' | 'listed'>,
  passages: readonly Passage[],
  multiDoc: boolean,
): VerifiedAnswer {
  const evidence = gatherEvidence(passages);
  const judging: Judging = { evidence, multiDoc, native: inPassageLanguage(stripMarkers(reply.text), evidence) };
  const listed = evidence.passages.filter((e) => reply.listed.some((r) => resolveRef(r, [e.passage]).length > 0));
  const sentences = sentencesOf(reply.text, reply.markers);
  const checked = sentences.map((s) => firstPass(s, judging));

  for (const [i, c] of checked.entries()) {
    if (c.reason) continue;
    const { claim, structural, markers } = c.sentence;
    if (markers.length === 0) {
      if ((structural || contentKeys(claim).size === 0) && !hasFacts(claim)) continue;
      const candidates = borrowable(i, checked, listed, evidence)
        .map((e) => ({ e, verdict: judge(claim, [e], judging) }))
        .sort((a, b) => (b.verdict.supported ? b.verdict.strength : -1) - (a.verdict.supported ? a.verdict.strength : -1));
      const best = candidates[0];
      if (best?.verdict.supported) Object.assign(c, { group: [best.e], added: best.e });
      else c.reason = best && !best.verdict.supported ? best.verdict.reason : 'no citation, and no cited paragraph next to it says this';
      continue;
    }
    const verdict = judge(claim, c.group, judging);
    if (!verdict.supported) c.reason = verdict.reason;
  }

  const kept = checked.filter((c) => !c.reason);
  const quotes = new Map<PassageEvidence, { quote: string; strength: number }>();
  for (const c of kept) {
    for (const e of c.group) {
      const q = bestQuote(e, c.sentence.claim);
      const previous = quotes.get(e);
      // Map order = first citation; a closer quote replaces the value in place.
      if (!previous || q.strength > previous.strength) quotes.set(e, q);
    }
  }
  return {
    answer: rebuild(reply.text, checked, multiDoc),
    citations: [...quotes].map(([e, q]) => ({ doc: e.passage.doc, paragraph: e.passage.paragraph, quote: q.quote })),
    dropped: checked.filter((c) => c.reason).map((c) => ({ sentence: c.sentence.claim, reason: c.reason! })),
    claims: kept.filter((c) => c.group.length > 0).length,
  };
}

const refOf = (e: PassageEvidence) => ({ doc: e.passage.doc, paragraph: e.passage.paragraph });

/** Where a marker goes in a sentence that had none: before its final full stop, or at its end. */
function insertionPoint(text: string, s: AnswerSentence): number {
  const body = text.slice(s.start, s.end);
  const stop = /([.!?。]+)([*_]{0,2})$/.exec(body);
  return stop ? s.start + stop.index : s.end;
}

function rebuild(text: string, checked: readonly Checked[], multiDoc: boolean): string {
  const edits: { start: number; end: number; value: string }[] = [];
  for (const c of checked) {
    const { sentence } = c;
    if (c.reason) {
      edits.push({ start: sentence.start, end: sentence.end, value: REMOVED });
      continue;
    }
    const closing: PassageEvidence[] = c.added ? [c.added] : [];
    sentence.markers.forEach((m, i) => {
      // "¶3 says …" stays as written; the sentence gets the marker at its end.
      if (sentence.inline[i]) return void closing.push(...c.survivors[i]!.filter((e) => !closing.includes(e)));
      edits.push({ start: m.start, end: m.end, value: formatMarker(c.survivors[i]!.map(refOf), multiDoc) });
    });
    if (closing.length > 0) {
      const at = insertionPoint(text, sentence);
      edits.push({ start: at, end: at, value: ` ${formatMarker(closing.map(refOf), multiDoc)}` });
    }
  }
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const e of edits) {
    let chunk = text.slice(cursor, e.start);
    if (e.value === '' || e.value === REMOVED || e.value.startsWith(' ')) chunk = chunk.replace(/[ \t]+$/, '');
    const glued = e.value === '' || e.value === REMOVED || e.value.startsWith(' ') || /^$|\s$/.test(chunk);
    out += chunk + (glued ? e.value : ` ${e.value}`);
    cursor = e.end;
  }
  out += text.slice(cursor);
  return tidy(out);
}

/** After removals: no list items or lines left with nothing but Markdown, no runs of blank lines. */
function tidy(text: string): string {
  return (
    text
      .split('\n')
      .filter((line) => !line.includes(REMOVED) || plainClaim(line.replaceAll(REMOVED, '')) !== '')
      .map((line) =>
        line.includes(REMOVED)
          ? line
              .replace(/^([ \t]*(?:[-*+•>]|\d{1,2}[.)]|#{1,6})?[ \t]*)(?:\u0000[ \t]*)+/, '$1')
              .replaceAll(REMOVED, '')
              .replace(/(\S)[ \t]{2,}(?=\S)/g, '$1 ')
              .replace(/[ \t]+$/, '')
          : line.replace(/[ \t]+$/, ''),
      )
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .replace(/[ \t]+([.,;:!?])/g, '$1')
      // "[¶3][¶99], [¶4]." with both later markers gone leaves a comma before the full stop.
      .replace(/(\])[,;]+(?=[.!?;:]|$)/gm, '$1')
      .trim()
  );
}
