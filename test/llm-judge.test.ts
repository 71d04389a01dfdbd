import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseVerdict } from '../src/eval/judge.js';
import { runProgram } from './helpers/cli.js';
import { startFakeOpenAI, type FakeOpenAI } from './fakes/openai.js';
import { tempDir, testEnv } from './helpers/app.js';

describe('judge verdicts', () => {
  it('parses a score and a reason, clamped to 0..1', () => {
    expect(parseVerdict('SCORE: 0.75\nREASON: one claim is unsupported')).toEqual({ score: 0.75, reason: 'one claim is unsupported' });
    expect(parseVerdict('score: 1')).toEqual({ score: 1 });
  });
  it('refuses a reply without a score', () => {
    expect(() => parseVerdict('Looks good to me!')).toThrow(/SCORE/);
  });
});

describe('eval with a model configured', () => {
  let fake: FakeOpenAI;
  beforeEach(async () => {
    fake = await startFakeOpenAI();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('reports LLM-judged faithfulness separately and does not gate on it', async () => {
    fake.script((req) => {
      const text = JSON.stringify(req.body.messages);
      return text.includes('SCORE:') ? 'SCORE: 0.5\nREASON: half supported' : 'Scott Bessent is the Treasury Secretary [¶4].';
    });
    const dir = tempDir();
    const questions = path.join(dir, 'q.jsonl');
    writeFileSync(
      questions,
      `${JSON.stringify({ id: 'q1', question: 'Who is the US Treasury Secretary?', answerable: true, expected: ['Bessent'], citations: [4] })}\n`,
    );
    const out = path.join(dir, 'out');
    const env = testEnv({ OPENAI_BASE_URL: fake.baseUrl, OPENAI_MODEL: 'judge-model', LLM_MAX_RETRIES: '0', LLM_TIMEOUT_MS: '5000' });
    const r = await runProgram(['eval', '--questions', questions, '--out', out, '--min-pass-rate', '1'], env);
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(results.config.mode).toBe('llm');
    expect(results.cases[0].result.mode).toBe('llm');
    expect(results.faithfulness).toMatchObject({ judged: 1 });
    expect(JSON.stringify(results.faithfulness)).toContain('0.5');
    expect(results.summary.pass_rate).toBe(1);
  });
});
