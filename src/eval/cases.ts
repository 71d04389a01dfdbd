/**
 * Question sets: JSONL (one case a line) or YAML (a list of cases), validated with one zod schema.
 * Parsing never throws on bad cases: each bad one is reported with its line and the rest are kept,
 * so the caller decides whether to go on (the default) or stop (`--strict`).
 */
import { LineCounter, isSeq, parseDocument } from 'yaml';
import { z } from 'zod';
import type { EvalCase } from './types.js';

const text = z.string().trim().min(1);
const fact = z.union([text, z.array(text).min(1)]);
/** Earlier questions a follow-up case may name: a thread a reader keeps in mind, not a transcript. */
export const MAX_FOLLOWS = 5;
/** A thread follow-up's earlier questions, oldest first (also read by `ask --questions`). */
export const followsSchema = z.array(text).min(1).max(MAX_FOLLOWS);

/**
 * The case schema. Unknown keys are rejected so that a typo ("citation") is reported instead of
 * silently leaving the case ungraded. `expected`, `citations`, `must_not_include` and `tags`
 * default to empty lists.
 */
export const caseSchema = z
  .strictObject({
    id: z.union([text, z.number().int()]).transform(String),
    question: text,
    answerable: z.boolean(),
    expected: z.array(fact).default([]),
    citations: z.array(z.number().int().positive()).default([]),
    must_not_include: z.array(text).default([]),
    doc: text.optional(),
    follows: followsSchema.optional(),
    tags: z.array(text).default([]),
    reference_answer: z.string().optional(),
    notes: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    if (!c.answerable && (c.expected.length > 0 || c.citations.length > 0)) {
      ctx.addIssue({ code: 'custom', message: 'an unanswerable case has empty "expected" and "citations"' });
    }
  });

/** The case as written in a file (before defaults and normalisation). */
export type CaseInput = z.input<typeof caseSchema>;

export interface CaseError {
  /** 1-based line in the file (0 when unknown). */
  line: number;
  message: string;
}

export interface ParsedCases {
  cases: EvalCase[];
  errors: CaseError[];
}

export type CaseFormat = 'jsonl' | 'yaml';

/**
 * A `.json` question set is either a JSON array of cases or JSONL. An array is valid YAML, so it
 * is parsed as YAML, which keeps each case's line number for the error messages.
 */
export function jsonCaseFormat(source: string): CaseFormat {
  return source.trimStart().startsWith('[') ? 'yaml' : 'jsonl';
}

/**
 * `.yaml`/`.yml` files are YAML; a `.json` file is read as Discord's /eval reads an upload of one
 * (`jsonCaseFormat`), so both surfaces accept the same files; anything else is JSONL.
 */
export function formatOf(fileName: string, source = ''): CaseFormat {
  if (/\.ya?ml$/i.test(fileName)) return 'yaml';
  return /\.json$/i.test(fileName) ? jsonCaseFormat(source) : 'jsonl';
}

export function parseCases(source: string, format: CaseFormat): ParsedCases {
  const raw = format === 'yaml' ? yamlItems(source) : jsonlItems(source);
  const cases: EvalCase[] = [];
  const errors: CaseError[] = [...raw.errors];
  const seen = new Map<string, number>();
  for (const { line, value } of raw.items) {
    const parsed = caseSchema.safeParse(value);
    if (!parsed.success) {
      errors.push({ line, message: describeIssues(parsed.error) });
      continue;
    }
    const c = parsed.data;
    const earlier = seen.get(c.id);
    if (earlier !== undefined) {
      errors.push({ line, message: `duplicate id "${c.id}" (first on line ${earlier})` });
      continue;
    }
    seen.set(c.id, line);
    cases.push({
      id: c.id,
      question: c.question,
      answerable: c.answerable,
      expected: c.expected.map((f) => (Array.isArray(f) ? f : [f])),
      citations: [...new Set(c.citations)],
      must_not_include: c.must_not_include,
      ...(c.doc === undefined ? {} : { doc: c.doc }),
      ...(c.follows === undefined ? {} : { follows: c.follows }),
      tags: [...new Set(c.tags)],
      ...(c.reference_answer === undefined ? {} : { reference_answer: c.reference_answer }),
      ...(c.notes === undefined ? {} : { notes: c.notes }),
      line,
    });
  }
  errors.sort((a, b) => a.line - b.line);
  return { cases, errors };
}

interface RawItems {
  items: Array<{ line: number; value: unknown }>;
  errors: CaseError[];
}

function jsonlItems(source: string): RawItems {
  const items: RawItems['items'] = [];
  const errors: CaseError[] = [];
  source.split(/\r?\n/).forEach((content, i) => {
    if (content.trim() === '') return;
    try {
      items.push({ line: i + 1, value: JSON.parse(content) });
    } catch (error) {
      errors.push({ line: i + 1, message: `not valid JSON (${(error as Error).message})` });
    }
  });
  return { items, errors };
}

function yamlItems(source: string): RawItems {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    // A YAML syntax error makes the rest of the document unreliable: report it, keep nothing.
    return {
      items: [],
      errors: doc.errors.map((e) => ({
        line: e.linePos?.[0].line ?? lineCounter.linePos(e.pos[0]).line,
        message: `YAML: ${e.message.split('\n')[0] ?? e.code}`,
      })),
    };
  }
  if (doc.contents === null) return { items: [], errors: [] };
  if (!isSeq(doc.contents)) {
    return { items: [], errors: [{ line: 1, message: 'a YAML question set is a list of cases' }] };
  }
  const items = doc.contents.items.map((node) => {
    const start = (node as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
    const value: unknown = node && typeof node === 'object' && 'toJSON' in node ? (node as { toJSON(): unknown }).toJSON() : node;
    return { line: lineCounter.linePos(start).line, value };
  });
  return { items, errors: [] };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
