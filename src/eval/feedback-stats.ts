/**
 * The bot's 👍/👎 votes summed up for people who maintain it: counts and the helpful rate
 * (👍 / all votes), by cited paragraph and by question. `footnote feedback` prints it; the eval
 * HTML report shows it when the bot's database is there.
 */
import type { FeedbackEntry } from '../storage/store.js';
import { escapeHtml as h } from './reports/format.js';

export interface VoteCounts {
  up: number;
  down: number;
  /** up / (up + down); null without votes. */
  rate: number | null;
}

export interface ParagraphFeedback extends VoteCounts {
  doc: string;
  paragraph: number;
}

export interface QuestionFeedback extends VoteCounts {
  /** The latest wording of the question (questions that differ only in case, spaces or the final "?" count as one). */
  question: string;
  /** How many different answers were voted on. */
  answers: number;
}

export interface FeedbackSummary {
  total: VoteCounts & { answers: number; people: number };
  /** Every paragraph a voted answer cited; a vote counts once for each paragraph its answer cited. */
  byParagraph: ParagraphFeedback[];
  /** Votes on answers that cited nothing (declines). */
  uncited: VoteCounts;
  byQuestion: QuestionFeedback[];
}

const counts = (up: number, down: number): VoteCounts => ({ up, down, rate: up + down > 0 ? up / (up + down) : null });
const add = (c: { up: number; down: number }, vote: FeedbackEntry['vote']) => (vote === 'up' ? c.up++ : c.down++);
/** Worst first: the most 👎, then the lowest rate; ties by name for a stable order. */
const worstFirst =
  <T extends VoteCounts>(key: (x: T) => string) =>
  (a: T, b: T) =>
    b.down - a.down || (a.rate ?? 1) - (b.rate ?? 1) || key(a).localeCompare(key(b));

export function questionKey(question: string): string {
  return question
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[?!.\s]+$/, '')
    .trim();
}

export function summarizeFeedback(entries: readonly FeedbackEntry[]): FeedbackSummary {
  const paragraphs = new Map<string, { doc: string; paragraph: number; up: number; down: number }>();
  const questions = new Map<string, { question: string; time: string; up: number; down: number; answers: Set<string> }>();
  const uncited = { up: 0, down: 0 };
  const total = { up: 0, down: 0 };
  for (const e of entries) {
    add(total, e.vote);
    const refs = new Map(e.citations.map((c) => [`${c.doc}\0${c.paragraph}`, { doc: c.doc, paragraph: c.paragraph }]));
    if (refs.size === 0) add(uncited, e.vote);
    for (const [key, ref] of refs) {
      const p = paragraphs.get(key) ?? { ...ref, up: 0, down: 0 };
      add(p, e.vote);
      paragraphs.set(key, p);
    }
    const qk = questionKey(e.question);
    const q = questions.get(qk) ?? { question: e.question.trim(), time: e.time, up: 0, down: 0, answers: new Set<string>() };
    if (e.time >= q.time) Object.assign(q, { question: e.question.trim(), time: e.time });
    add(q, e.vote);
    q.answers.add(e.answerId);
    questions.set(qk, q);
  }
  return {
    total: {
      ...counts(total.up, total.down),
      answers: new Set(entries.map((e) => e.answerId)).size,
      people: new Set(entries.map((e) => e.userId)).size,
    },
    byParagraph: [...paragraphs.values()]
      .map((p) => ({ doc: p.doc, paragraph: p.paragraph, ...counts(p.up, p.down) }))
      .sort(worstFirst((p) => `${p.doc} ${String(p.paragraph).padStart(5, '0')}`)),
    uncited: counts(uncited.up, uncited.down),
    byQuestion: [...questions.values()]
      .map((q) => ({ question: q.question, answers: q.answers.size, ...counts(q.up, q.down) }))
      .sort(worstFirst((q) => q.question)),
  };
}

const pct = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);
const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const ref = (p: { doc: string; paragraph: number }, multiDoc: boolean) => (multiDoc ? `${p.doc} ¶${p.paragraph}` : `¶${p.paragraph}`);

/** Plain text for a terminal: totals, then the `top` worst paragraphs and questions. */
export function renderFeedbackText(s: FeedbackSummary, top = 20): string {
  if (s.total.up + s.total.down === 0) return 'No votes yet.\n';
  const multiDoc = new Set(s.byParagraph.map((p) => p.doc)).size > 1;
  // Emoji are two UTF-16 units and two columns wide, so padding by length lines them up.
  const columns = (label: string, up: string, down: string, rate: string) =>
    `  ${label.padEnd(14)}${up.padStart(5)}${down.padStart(6)}${rate.padStart(7)}`;
  const row = (label: string, c: VoteCounts) => columns(label, String(c.up), String(c.down), pct(c.rate));
  const lines = [
    `${s.total.up + s.total.down} votes (👍 ${s.total.up}, 👎 ${s.total.down}, ${pct(s.total.rate)} helpful) on ${s.total.answers} answers from ${s.total.people} people.`,
    '',
    `By paragraph (a vote counts for each paragraph its answer cited; most 👎 first):`,
    columns('paragraph', '👍', '👎', 'rate'),
    ...s.byParagraph.slice(0, top).map((p) => row(ref(p, multiDoc), p)),
    ...(s.uncited.up + s.uncited.down > 0 ? [row('(none cited)', s.uncited)] : []),
    ...(s.byParagraph.length > top ? [`  … and ${s.byParagraph.length - top} more`] : []),
    '',
    'By question (most 👎 first):',
    ...s.byQuestion
      .slice(0, top)
      .map(
        (q) =>
          `  👍 ${q.up} 👎 ${q.down} ${pct(q.rate).padStart(5)}  ${cut(q.question, 100)}${q.answers > 1 ? ` (${q.answers} answers)` : ''}`,
      ),
    ...(s.byQuestion.length > top ? [`  … and ${s.byQuestion.length - top} more`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** The "Feedback from Discord" section of the eval HTML report. */
export function renderFeedbackHtml(s: FeedbackSummary, top = 20): string {
  const parts = ['<h2>Feedback from Discord (👍/👎 in the bot’s database)</h2>'];
  if (s.total.up + s.total.down === 0) return `${parts[0]}<p>No votes yet.</p>`;
  parts.push(
    `<p>${s.total.up + s.total.down} votes: 👍 ${s.total.up}, 👎 ${s.total.down} (${pct(s.total.rate)} helpful) on ${s.total.answers} answers from ${s.total.people} people.</p>`,
  );
  const multiDoc = new Set(s.byParagraph.map((p) => p.doc)).size > 1;
  parts.push('<h3>By paragraph</h3><table><tr><th>paragraph</th><th>👍</th><th>👎</th><th>helpful</th></tr>');
  for (const p of s.byParagraph.slice(0, top))
    parts.push(
      `<tr><td>${h(ref(p, multiDoc))}</td><td class="n">${p.up}</td><td class="n">${p.down}</td><td class="n">${pct(p.rate)}</td></tr>`,
    );
  parts.push('</table><h3>By question</h3><table><tr><th>question</th><th>👍</th><th>👎</th><th>helpful</th></tr>');
  for (const q of s.byQuestion.slice(0, top))
    parts.push(`<tr><td>${h(q.question)}</td><td class="n">${q.up}</td><td class="n">${q.down}</td><td class="n">${pct(q.rate)}</td></tr>`);
  parts.push('</table>');
  return parts.join('\n');
}
