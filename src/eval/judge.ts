/**
 * LLM-judged faithfulness for the eval runner: does the cited text support every claim of the
 * answer? Reported beside the deterministic metrics, never used as a CI gate (models drift).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { JudgeFn, JudgeInput, JudgeVerdict } from './types.js';
import { deadlineSignal, raceAbort } from '../answer/llm/deadline.js';
import { defaultPromptsDir } from '../answer/llm/layer.js';
import { createChatModel, type ChatModelSettings } from '../providers/openai.js';

/** Parses "SCORE: 0.8 / REASON: …"; throws on anything else, so a garbled verdict is not a number. */
export function parseVerdict(text: string): JudgeVerdict {
  const score = /SCORE:\s*([01](?:\.\d+)?|\.\d+)/i.exec(text);
  if (!score) throw new Error(`the judge's reply has no SCORE line: ${text.slice(0, 80)}`);
  const value = Math.min(1, Math.max(0, Number(score[1])));
  const reason = /REASON:\s*(.+)/i.exec(text)?.[1]?.trim();
  return reason ? { score: value, reason } : { score: value };
}

const neutralise = (s: string) => s.replace(/</g, '‹').replace(/>/g, '›');

export function createJudgeFromModel(model: BaseChatModel, prompt: ChatPromptTemplate, timeoutMs: number, label: string): JudgeFn {
  const judge = async (input: JudgeInput): Promise<JudgeVerdict> => {
    const passages = input.cited
      .map((c) => `<passage id="¶${c.paragraph}" doc="${neutralise(c.doc)}">${neutralise(c.text ?? '(no such paragraph)')}</passage>`)
      .join('\n');
    const messages = await prompt.formatMessages({ question: neutralise(input.question), answer: neutralise(input.answer), passages });
    const signal = deadlineSignal(timeoutMs);
    const reply = await raceAbort(model.invoke(messages, { signal }), signal);
    return parseVerdict(typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content));
  };
  return Object.assign(judge, { label });
}

export async function createJudge(settings: ChatModelSettings, promptsDir = defaultPromptsDir()): Promise<JudgeFn> {
  const [system, human] = await Promise.all([
    readFile(join(promptsDir, 'judge-system.md'), 'utf8'),
    readFile(join(promptsDir, 'judge.md'), 'utf8'),
  ]);
  const prompt = ChatPromptTemplate.fromMessages([
    ['system', system.trim().replace(/[{}]/g, (b) => b + b)],
    ['human', human.trim()],
  ]);
  return createJudgeFromModel(createChatModel(settings), prompt, settings.timeoutMs, `${settings.model} (LLM judge)`);
}
