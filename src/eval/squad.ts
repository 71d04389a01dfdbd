/**
 * SQuAD 2.0-format JSON (Rajpurkar, Jia and Liang, 2018) → footnote benchmarks. Each article
 * becomes its own benchmark: a corpus of one Markdown document (`# Title`, then one paragraph
 * per context, in order, so paragraph N is the Nth context) and a question set in the eval
 * format. An answerable question's annotator answers become the alternatives of one fact, and
 * its gold citation is the paragraph it was written on; `is_impossible` questions become
 * unanswerable cases. Pure: `writeSquadBenchmarks` does the file I/O.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../domain/errors.js';
import type { CaseInput } from './cases.js';

const squadSchema = z.object({
  data: z.array(
    z.object({
      title: z.string().min(1),
      paragraphs: z.array(
        z.object({
          context: z.string(),
          qas: z.array(
            z.object({
              id: z.union([z.string(), z.number()]),
              question: z.string(),
              is_impossible: z.boolean().optional(),
              answers: z.array(z.object({ text: z.string() })).default([]),
            }),
          ),
        }),
      ),
    }),
  ),
});

export interface SquadBenchmark {
  /** Document id and folder name: the title in lower-case kebab form. */
  doc: string;
  title: string;
  /** The corpus document: `# Title`, then the contexts separated by blank lines. */
  markdown: string;
  cases: CaseInput[];
  counts: { paragraphs: number; answerable: number; unanswerable: number };
}

export function docIdOf(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Converts parsed SQuAD JSON; throws a UserError naming the first problem when it is not SQuAD. */
export function convertSquad(json: unknown): SquadBenchmark[] {
  const parsed = squadSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`Not SQuAD 2.0 JSON: ${issue.path.join('.')} ${issue.message}`);
  }
  return parsed.data.data.map((article) => {
    const title = article.title.replace(/_/g, ' ');
    const doc = docIdOf(article.title);
    // A context is one paragraph: inner line breaks would split it into several.
    const paragraphs = article.paragraphs.map((p) => p.context.replace(/\s*\n+\s*/g, ' ').trim());
    const cases: CaseInput[] = [];
    article.paragraphs.forEach((p, i) => {
      for (const qa of p.qas) {
        const question = qa.question.trim();
        if (!question) continue;
        const alternatives = [...new Set(qa.answers.map((a) => a.text.trim()).filter(Boolean))];
        if (qa.is_impossible) {
          cases.push({ id: String(qa.id), question, answerable: false, expected: [], citations: [], doc, tags: ['squad', 'unanswerable'] });
        } else if (alternatives.length > 0) {
          cases.push({ id: String(qa.id), question, answerable: true, expected: [alternatives], citations: [i + 1], doc, tags: ['squad'] });
        }
      }
    });
    const answerable = cases.filter((c) => c.answerable).length;
    return {
      doc,
      title,
      markdown: `# ${title}\n\n${paragraphs.join('\n\n')}\n`,
      cases,
      counts: { paragraphs: paragraphs.length, answerable, unanswerable: cases.length - answerable },
    };
  });
}

/**
 * Writes `OUT/<doc>/corpus/<doc>.md` and `OUT/<doc>/questions.jsonl` for every article of a
 * SQuAD file: each article is a corpus of its own, as the benchmarks use them.
 */
export async function writeSquadBenchmarks(file: string, outDir: string): Promise<SquadBenchmark[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UserError(`Cannot read SQuAD file ${file}: ${(error as Error).message}`);
  }
  const benchmarks = convertSquad(json);
  // Otherwise nothing is written, nothing printed, and the run looks like a success.
  if (benchmarks.length === 0)
    throw new UserError(`No articles in SQuAD file ${file}: its "data" list is empty, so there is nothing to import.`);
  for (const b of benchmarks) {
    const dir = path.join(outDir, b.doc);
    await mkdir(path.join(dir, 'corpus'), { recursive: true });
    await writeFile(path.join(dir, 'corpus', `${b.doc}.md`), b.markdown);
    await writeFile(path.join(dir, 'questions.jsonl'), b.cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
  }
  return benchmarks;
}
