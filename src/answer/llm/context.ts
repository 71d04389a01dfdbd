/**
 * Turns passages, the question and the conversation into the text that fills the prompt
 * variables. Pure. Everything user- or article-supplied has its angle brackets neutralised, so
 * no text can close a <question> or <passage> block early or open a fake one: the delimiters in
 * the prompt are the only real tags the model sees.
 */
import type { Passage, Turn } from '../../domain/types.js';
import { formatRef, stripMarkers } from '../../text/markers.js';

/** How many earlier turns go into a prompt; older ones rarely matter and cost tokens. */
export const DEFAULT_HISTORY_TURNS = 4;

/** The id a passage carries in the prompt and in citation markers: `¶N` (its document is an attribute). */
export const passageId = (paragraph: number): string => formatRef({ doc: '', paragraph }, false);

/** `<`/`>` become look-alike single guillemets, which read the same to people and models. */
export function neutralise(text: string): string {
  return text.replace(/</g, '‹').replace(/>/g, '›');
}

const attribute = (value: string): string => neutralise(value).replace(/"/g, '&quot;');

export function formatPassages(passages: readonly Passage[]): string {
  return passages
    .map((p) => {
      const section = p.sections.length > 0 ? ` section="${attribute(p.sections.join(' / '))}"` : '';
      return `<passage id="${passageId(p.paragraph)}" doc="${attribute(p.doc)}"${section}>\n${neutralise(p.text.trim())}\n</passage>`;
    })
    .join('\n\n');
}

export function formatQuestion(question: string): string {
  return neutralise(question.trim());
}

/**
 * Earlier turns, oldest first. Citation markers are stripped from earlier answers: they refer to
 * paragraphs that may not be in this prompt, and the model should cite what it is shown now.
 */
export function formatHistory(history: readonly Turn[] = [], maxTurns = DEFAULT_HISTORY_TURNS): string {
  const turns = maxTurns > 0 ? history.slice(-maxTurns) : [];
  if (turns.length === 0) return '(none)';
  return turns.map((t) => `Question: ${neutralise(t.question.trim())}\nAnswer: ${neutralise(stripMarkers(t.answer).trim())}`).join('\n\n');
}
