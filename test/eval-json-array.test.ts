// `footnote eval --questions q.json` takes a JSON array of cases, as Discord's /eval takes an
// uploaded `.json` array: both surfaces run the same pipeline, so they read the same files.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonCaseFormat, formatOf, parseCases } from '../src/eval/cases.js';
import { runEvalCli, type EvalCliDeps } from '../src/eval/cli.js';
import { tempDir } from './helpers/app.js';
import { askResult, paragraphLookup, scriptedAsk } from './helpers/eval-doubles.js';

const PARAS = ['Talks ended on Saturday in Kuala Lumpur.', 'Trump threatened 100% tariffs from November 1.'];
const CASES = [
  { id: 'q1', question: 'When did talks end?', answerable: true, expected: ['Saturday'], citations: [1] },
  { id: 'q2', question: 'Who won the cup?', answerable: false },
];

function harness(): { deps: EvalCliDeps; stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  const deps: EvalCliDeps = {
    ask: scriptedAsk({
      'When did talks end?': askResult({ answer: 'On Saturday.', cite: [[1, 'Talks ended on Saturday in Kuala Lumpur.']] }),
      'Who won the cup?': askResult({ answerable: false, answer: 'The article does not say.' }),
    }),
    describeConfig: () => ({ mode: 'extractive', embeddings: 'glove-100d', corpusHash: 'sha-1', chunking: 'paragraph' }),
    paragraphText: paragraphLookup(PARAS),
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    isTTY: false,
  };
  return { deps, stdout: () => out.join(''), stderr: () => err.join('') };
}

const run = (file: string, h: ReturnType<typeof harness>) =>
  runEvalCli({ kind: 'run', questions: file, strict: true, tags: [], judge: false, thresholds: [] }, h.deps);

describe('eval --questions FILE.json', () => {
  it('runs a pretty-printed JSON array of cases', async () => {
    const file = path.join(tempDir(), 'q.json');
    writeFileSync(file, JSON.stringify(CASES, null, 2));
    const h = harness();
    expect(await run(file, h)).toBe(0);
    expect(h.stderr()).not.toContain('expected object, received array');
    expect(h.stdout()).toContain('2/2 cases passed');
  });

  it('runs a one-line JSON array too, and still reads a .json file of JSONL lines', async () => {
    const dir = tempDir();
    const array = path.join(dir, 'one-line.json');
    writeFileSync(array, JSON.stringify(CASES));
    const lines = path.join(dir, 'lines.json');
    writeFileSync(lines, CASES.map((c) => JSON.stringify(c)).join('\n'));
    for (const file of [array, lines]) {
      const h = harness();
      expect(await run(file, h)).toBe(0);
      expect(h.stdout()).toContain('2/2 cases passed');
    }
  });

  it("names the line of a bad case in an array, like /eval's report", async () => {
    const file = path.join(tempDir(), 'q.json');
    const text = JSON.stringify([CASES[0], { id: 'bad', question: 'No answerable flag?' }], null, 2);
    writeFileSync(file, text);
    // The line of the bad case's opening brace: the one before its "id".
    const line = text.split('\n').findIndex((l) => l.includes('"bad"'));
    const h = harness();
    await expect(run(file, h)).rejects.toThrow(/1 invalid case\(s\) and --strict is set/);
    expect(h.stderr()).toContain(`${file}:${line}: answerable:`);
  });
});

describe('the format of a question set', () => {
  it('is chosen for a .json file by its content, the same way for the CLI and /eval', () => {
    expect(formatOf('set.json', '  [\n{"id": 1}]')).toBe('yaml');
    expect(formatOf('set.JSON', '{"id": 1}\n')).toBe('jsonl');
    expect(formatOf('set.jsonl', '[]')).toBe('jsonl');
    expect(formatOf('set.yml', '')).toBe('yaml');
    expect(jsonCaseFormat('[]')).toBe('yaml');
    expect(parseCases(JSON.stringify(CASES), formatOf('x.json', JSON.stringify(CASES))).cases.map((c) => c.id)).toEqual(['q1', 'q2']);
  });
});
