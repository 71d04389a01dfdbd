/**
 * Generated summaries: a parser for the model's bullet list and the verification of each point,
 * through the same sentence checks as answers. A point keeps its supported sentences; its text
 * carries no marker (renderers write one per point from its citations), so nothing is cited twice.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { BaseOutputParser } from '@langchain/core/output_parsers';
import type { Runnable } from '@langchain/core/runnables';
import type { Passage, SummaryPoint } from '../../domain/types.js';
import { stripMarkers } from '../../text/markers.js';
import { formatPassages } from './context.js';
import type { PromptSet } from './prompts.js';
import { parseReply, type ParsedReply } from './reply.js';
import { verifyAnswer, type DroppedSentence } from './verify.js';

const BULLET = /^\s*(?:[-*•–+]|\d{1,2}[.)])\s+/;

/** Bullet lines ("- ", "* ", "• ", "1. ") as points; without any bullets, every non-empty line that is not a heading. */
export function parsePoints(text: string): string[] {
  const lines = text.split('\n').filter((l) => l.trim().length > 0);
  const bullets = lines.filter((l) => BULLET.test(l));
  const points = bullets.length > 0 ? bullets : lines.filter((l) => !/^\s*#{1,6}\s|:\s*$/.test(l));
  return points.map((l) => l.replace(BULLET, '').trim()).filter(Boolean);
}

/** The summary reply as points, each parsed like an answer (reasoning and the model's sources list removed). */
export class SummaryPointsParser extends BaseOutputParser<ParsedReply[]> {
  static override lc_name() {
    return 'SummaryPointsParser';
  }

  lc_namespace = ['footnote', 'output_parsers'];

  async parse(text: string): Promise<ParsedReply[]> {
    const reply = parseReply(text);
    return parsePoints(reply.text).map((point) => ({ ...parseReply(point), listed: reply.listed }));
  }

  getFormatInstructions(): string {
    return 'One point per line, starting with "- " and ending with its [¶N] citation.';
  }
}

export function createSummaryChain(prompts: PromptSet, model: BaseChatModel): Runnable<{ passages: string; count: string }, ParsedReply[]> {
  return prompts.summary.pipe(model).pipe(new SummaryPointsParser());
}

export const summaryVariables = (passages: readonly Passage[], count: number) => ({
  passages: formatPassages(passages),
  count: String(count),
});

export interface VerifiedSummary {
  points: SummaryPoint[];
  dropped: DroppedSentence[];
}

export function verifySummary(points: readonly ParsedReply[], passages: readonly Passage[], multiDoc = false): VerifiedSummary {
  const out: SummaryPoint[] = [];
  const dropped: DroppedSentence[] = [];
  for (const point of points) {
    if (point.declined) continue;
    const verified = verifyAnswer(point, passages, multiDoc);
    dropped.push(...verified.dropped);
    if (verified.claims === 0) continue;
    out.push({ text: stripMarkers(verified.answer), citations: verified.citations });
  }
  return { points: out, dropped };
}
