// `npm run eval` and `/eval` run one pipeline: the same question set against the same core gives
// the same results.json from both, apart from what differs by nature (timings, where it ran).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Footnote } from '../src/app/footnote.js';
import type { App } from '../src/compose/bootstrap.js';
import { createEvalCommand, createKeyedLock } from '../src/commands/eval.js';
import type { CommandContext } from '../src/commands/types.js';
import { runEvalCli } from '../src/eval/cli.js';
import { evalCoreFromFootnote } from '../src/eval/core-adapter.js';
import { DEFAULT_CONCURRENCY } from '../src/eval/pipeline.js';
import type { ResultsJson } from '../src/eval/reports/json.js';
import { createTestApp, fixture } from './helpers/app.js';
import { parseCommand } from './helpers/cli.js';

const COUNCIL = fixture('council');
// Over the invented council fixture: answered and cited, declined, a deliberately wrong fact, a
// fact alternative, a forbidden string, and a tag to summarise by.
const CASES = [
  { id: 'date', question: 'When is the next council meeting?', answerable: true, expected: ['March 3'], citations: [5], tags: ['dates'] },
  { id: 'pool', question: 'Until when will the pool stay open?', answerable: true, expected: [['September', 'Sept.']], citations: [4] },
  { id: 'wrong', question: 'Who voted against the budget?', answerable: true, expected: ['Elena Ruiz'], citations: [2], tags: ['people'] },
  { id: 'none', question: 'Who won the regional chess final?', answerable: false, must_not_include: ['checkmate'] },
];
const SET = `${CASES.map((c) => JSON.stringify(c)).join('\n')}\n`;

let app: App;
beforeAll(async () => {
  app = await createTestApp({ CORPUS_DIR: COUNCIL });
});

async function viaCli(footnote: Footnote, extra: string[] = []): Promise<ResultsJson> {
  const dir = mkdtempSync(path.join(tmpdir(), 'footnote-eval-same-'));
  const questions = path.join(dir, 'council.jsonl');
  writeFileSync(questions, SET);
  const code = await runEvalCli(parseCommand('eval', ['--questions', questions, '--out', dir, ...extra]), {
    stdout: { write: () => true },
    stderr: { write: () => true },
    isTTY: false,
    loadCore: async () => evalCoreFromFootnote(footnote),
  });
  expect(code).toBe(extra.length > 0 ? 1 : 0);
  return JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as ResultsJson;
}

async function viaDiscord(footnote: Footnote, minPassRate?: number): Promise<ResultsJson> {
  const ctx: CommandContext = {
    footnote,
    config: app.config,
    log: app.log,
    surface: 'discord',
    invoker: { userId: 'u', guildId: 'g', canManageGuild: true, canManageMessages: false, roleIds: [] },
  };
  const file = { name: 'council.jsonl', size: Buffer.byteLength(SET), read: async () => SET };
  const reply = await createEvalCommand({ locks: createKeyedLock() }).handle(ctx, {
    file,
    ...(minPassRate === undefined ? {} : { min_pass_rate: minPassRate }),
  });
  if (reply.kind !== 'text') throw new Error(`expected a text reply, got ${reply.kind}`);
  return JSON.parse(reply.files!.find((f) => f.name === 'results.json')!.content) as ResultsJson;
}

/** What a run may differ in by nature: timings, the file's path, where it ran. */
const untimed = (summary: object) => Object.fromEntries(Object.entries(summary).filter(([key]) => !key.startsWith('latency_')));

function comparable(results: ResultsJson) {
  const { started_at: _s, duration_ms: _d, questions: _q, surface: _w, corpus_dir: _c, ...config } = results.config;
  return {
    ...results,
    summary: untimed(results.summary),
    by_tag: Object.fromEntries(Object.entries(results.by_tag).map(([tag, summary]) => [tag, untimed(summary)])),
    config,
    cases: results.cases.map(({ checks: { latency_ms: _l, ...checks }, result, ...rest }) => ({
      ...rest,
      checks,
      result: result && { ...result, timings: undefined },
    })),
  };
}

describe('one eval pipeline for the CLI and /eval', () => {
  it('gives the same results for the same cases, thresholds included', async () => {
    const cli = await viaCli(app.footnote, ['--min-pass-rate', '0.9']);
    const discord = await viaDiscord(app.footnote, 0.9);
    expect(cli.cases.map((c) => [c.id, c.pass])).toEqual([
      ['date', true],
      ['pool', true],
      ['wrong', false],
      ['none', true],
    ]);
    expect(cli.thresholds).toEqual([{ metric: 'pass_rate', kind: 'min', value: 0.9, actual: 0.75, ok: false }]);
    expect(comparable(discord)).toEqual(comparable(cli));
    expect([cli.config.surface, discord.config.surface]).toEqual(['cli', 'discord']);
    // The attached results leave the server: no local paths in them.
    expect(cli.config.corpus_dir).toBe(COUNCIL);
    expect(JSON.stringify(discord)).not.toContain(COUNCIL);
  });

  it('uses one default concurrency for a mode, whichever way the eval is started', async () => {
    const llm: Footnote = { ...app.footnote, info: () => ({ ...app.footnote.info(), mode: 'llm', model: 'any-model' }) };
    for (const footnote of [app.footnote, llm]) {
      const mode = footnote.info().mode;
      const [cli, discord] = [await viaCli(footnote), await viaDiscord(footnote)];
      expect([cli.config.concurrency, discord.config.concurrency]).toEqual([DEFAULT_CONCURRENCY[mode], DEFAULT_CONCURRENCY[mode]]);
    }
    expect(DEFAULT_CONCURRENCY).toEqual({ extractive: 1, llm: 4 });
  });
});
