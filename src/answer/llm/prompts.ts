/**
 * Loads the prompt files into ChatPromptTemplates. The files are f-string templates: `{name}` is
 * a variable and a literal brace must be doubled. Passages and questions are always inserted as
 * variable values, never spliced into template text, so braces in them are harmless. Each file's
 * variables are checked against what the code fills in, so a stray brace fails at start-up
 * instead of producing a broken prompt per question.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ChatPromptTemplate, PromptTemplate } from '@langchain/core/prompts';

export const PROMPT_FILES = {
  system: 'system.md',
  answer: 'answer.md',
  summary: 'summary.md',
  condenseSystem: 'condense-system.md',
  condense: 'condense-follow-up.md',
} as const;

type PromptFile = keyof typeof PROMPT_FILES;

/** The variables each file must use, exactly. System prompts take none: they never vary. */
const VARIABLES: Record<PromptFile, readonly string[]> = {
  system: [],
  answer: ['history', 'passages', 'question'],
  summary: ['count', 'passages'],
  condenseSystem: [],
  condense: ['history', 'question'],
};

export interface PromptSet {
  /** Variables: history, passages, question (see context.ts for their formatting). */
  answer: ChatPromptTemplate;
  /** Variables: passages, count. */
  summary: ChatPromptTemplate;
  /** Variables: history, question. */
  condense: ChatPromptTemplate;
}

async function readTemplate(dir: string, key: PromptFile): Promise<string> {
  const file = join(dir, PROMPT_FILES[key]);
  const text = (await readFile(file, 'utf8')).trim();
  let found: string[];
  try {
    found = PromptTemplate.fromTemplate(text).inputVariables.slice().sort();
  } catch (err) {
    throw new Error(`prompt ${file}: cannot parse template (${(err as Error).message}); write literal braces as {{ }}`, { cause: err });
  }
  const expected = [...VARIABLES[key]].sort();
  if (found.join(',') !== expected.join(',')) {
    throw new Error(
      `prompt ${file}: uses variables [${found.join(', ')}] but the code fills [${expected.join(', ')}]; write literal braces as {{ }}`,
    );
  }
  return text;
}

/** Reads and checks every prompt file in `dir` (normally `<repo>/prompts`). */
export async function loadPrompts(dir: string): Promise<PromptSet> {
  const keys = Object.keys(PROMPT_FILES) as PromptFile[];
  const settled = await Promise.allSettled(keys.map((k) => readTemplate(dir, k)));
  const errors = settled.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
  if (errors.length > 0) throw new Error(errors.join('\n'));
  const texts = Object.fromEntries(keys.map((k, i) => [k, (settled[i] as PromiseFulfilledResult<string>).value])) as Record<
    PromptFile,
    string
  >;
  return {
    answer: ChatPromptTemplate.fromMessages([
      ['system', texts.system],
      ['human', texts.answer],
    ]),
    summary: ChatPromptTemplate.fromMessages([
      ['system', texts.system],
      ['human', texts.summary],
    ]),
    condense: ChatPromptTemplate.fromMessages([
      ['system', texts.condenseSystem],
      ['human', texts.condense],
    ]),
  };
}
