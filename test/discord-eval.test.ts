// `/eval file:<attachment>` end to end: the real discord.js bot against the loopback fake, the
// question set fetched from the fake's CDN URL, the reports arriving as multipart files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type BotHandle } from '../src/adapters/discord/bot.js';
import { createEvalCommand, createKeyedLock, uploadFormat } from '../src/commands/eval.js';
import type { CommandContext } from '../src/commands/types.js';
import type { Footnote } from '../src/app/footnote.js';
import {
  EVERYONE_PERMISSIONS,
  noIdentifyThrottle,
  snowflake,
  startFakeDiscord,
  type BuiltInteraction,
  type FakeDiscord,
  type RecordedRequest,
} from '../src/bench/fake-discord/index.js';
import { body, callbackOf, originalEditOf, user } from './discord-harness.js';
import { createTestApp } from './helpers/app.js';
import { testLogger } from './helpers/log.js';

const MANAGER = (BigInt(EVERYONE_PERMISSIONS) | (1n << 5n)).toString(); // + Manage Guild
const EVAL_ROLE = snowflake();
/** Questions the wrapped core holds until the test lets them go (to keep an eval running). */
const HELD = 'Which city are the talks being held in?';

// Three cases over corpus/us-china-trade-talks.md: one answered and cited, one declined, one
// whose expected fact is wrong on purpose (so the reply lists a failure).
const CASES = [
  {
    id: 'treasury',
    question: 'Who is the U.S. Treasury Secretary taking part in the talks?',
    answerable: true,
    expected: [['Bessent']],
    citations: [4],
  },
  { id: 'off-topic', question: "Who is Malaysia's prime minister?", answerable: false },
  { id: 'wrong-fact', question: "Who is China's top trade negotiator?", answerable: true, expected: ['Janet Yellen'], citations: [4] },
];
const jsonl = (cases: object[]) => `${cases.map((c) => JSON.stringify(c)).join('\n')}\n`;

let fake: FakeDiscord;
let bot: BotHandle;
let release: () => void = () => undefined;
let held = Promise.resolve();
let guildA: string;
let guildB: string;

beforeAll(async () => {
  fake = await startFakeDiscord({
    heartbeatIntervalMs: 500,
    guilds: [{ roles: [{ id: EVAL_ROLE, name: 'evaluators' }] }, { name: 'other' }],
  });
  [guildA, guildB] = fake.guilds.map((g) => g.id) as [string, string];
  const app = await createTestApp({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, EVAL_ROLE_ID: EVAL_ROLE });
  const footnote: Footnote = {
    ...app.footnote,
    ask: async (q, o) => (q === HELD ? held.then(() => app.footnote.ask(q, o)) : app.footnote.ask(q, o)),
  };
  const log = testLogger('silent');
  bot = await startBot({ ...app, log, footnote }, { client: { ws: { buildIdentifyThrottler: () => noIdentifyThrottle } } });
});
afterAll(async () => {
  release();
  await bot?.stop();
  await fake?.close();
});

function runEval(
  file: { name: string; content: string | Buffer; contentType?: string },
  o: { permissions?: string; roles?: string[]; guildId?: string; public?: boolean; minPassRate?: number } = {},
): BuiltInteraction {
  return fake.sendInteraction(
    fake.build.slash({
      name: 'eval',
      options: [
        { name: 'file', type: 'attachment', file },
        ...(o.public === undefined ? [] : [{ name: 'public', type: 'boolean' as const, value: o.public }]),
        ...(o.minPassRate === undefined ? [] : [{ name: 'min_pass_rate', type: 'number' as const, value: o.minPassRate }]),
      ],
      user: user('op'),
      permissions: o.permissions ?? MANAGER,
      ...(o.roles ? { roles: o.roles } : {}),
      ...(o.guildId ? { guildId: o.guildId } : {}),
    }),
  );
}

/** The reply that replaced the deferral (a result or a refusal), unescaped. */
async function replyTo(i: BuiltInteraction): Promise<{ content: string; edit: RecordedRequest }> {
  const edit = await fake.waitForRequest(originalEditOf(fake, i), 10_000);
  // As a person reads it: Discord shows `\(` as `(`.
  return { content: String(body(edit).content).replace(/\\(.)/g, '$1'), edit };
}

const downloaded = (name: string) => fake.downloads.items.some((d) => d.path.endsWith(`/${encodeURIComponent(name)}`));
const fileText = (edit: RecordedRequest, name: string) => edit.files.find((f) => f.filename === name)?.text;

describe('/eval through the fake Discord', () => {
  it('a manager uploads a JSONL set: deferred privately, then the summary with report.md, report.html and results.json attached', async () => {
    const i = runEval({ name: 'trade.jsonl', content: jsonl(CASES), contentType: 'application/octet-stream' }, { minPassRate: 0.9 });
    expect(body(await fake.waitForRequest(callbackOf(i)))).toEqual({ type: 5, data: { flags: 64 } });
    const { content, edit } = await replyTo(i);
    expect(downloaded('trade.jsonl')).toBe(true);
    expect(content).toMatch(/^Eval of trade\.jsonl: 2\/3 passed \(66\.7%\) in [\d.]+ s, extractive mode\./);
    expect(content).toContain('pass rate 66.7% · fact accuracy 50.0% · hit@1 100.0% · decline accuracy 100.0% · latency p95 ');
    expect(content).toContain('min pass rate 0.9: MISSED');
    expect(content).toContain('Failed (1):\n• wrong-fact: missing fact: Janet Yellen');
    expect(body(edit).allowed_mentions).toEqual({ parse: [], replied_user: false });

    expect(edit.files.map((f) => f.filename).sort()).toEqual(['report.html', 'report.md', 'results.json']);
    const html = fileText(edit, 'report.html')!;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('wrong-fact');
    expect(html).not.toMatch(/https?:|<script|<link|\ssrc=|\shref=/i);
    expect(fileText(edit, 'report.md')).toMatch(/^# footnote eval — 2\/3 passed \(66\.7%\)/);
    const results = JSON.parse(fileText(edit, 'results.json')!) as {
      cases: { id: string; pass: boolean }[];
      config: Record<string, unknown>;
      thresholds: unknown[];
    };
    expect(results.cases.map((c) => [c.id, c.pass])).toEqual([
      ['treasury', true],
      ['off-topic', true],
      ['wrong-fact', false],
    ]);
    expect(results.config).toMatchObject({ questions: 'trade.jsonl', surface: 'discord', mode: 'extractive' });
    expect(results.thresholds).toEqual([{ metric: 'pass_rate', kind: 'min', value: 0.9, actual: 0.6667, ok: false }]);
    // The message Discord stored carries the three attachments.
    const stored = fake.message(fake.interaction(i.id)!.originalMessageId!);
    expect((stored?.attachments as unknown[]).length).toBe(3);
  });

  it('a YAML set (by name) and a .json array run as well', async () => {
    const yaml = `- id: y1\n  question: Who is the U.S. Treasury Secretary taking part in the talks?\n  answerable: true\n  expected: [Bessent]\n`;
    expect((await replyTo(runEval({ name: 'set.yaml', content: yaml }))).content).toMatch(/^Eval of set\.yaml: 1\/1 passed/);
    const array = JSON.stringify([CASES[0], CASES[1]], null, 2);
    expect((await replyTo(runEval({ name: 'set.json', content: array, contentType: 'application/json' }))).content).toMatch(
      /^Eval of set\.json: 2\/2 passed/,
    );
  });

  it('a member without Manage Server or the eval role is refused privately and nothing is downloaded', async () => {
    const i = runEval({ name: 'nope.jsonl', content: jsonl(CASES) }, { permissions: EVERYONE_PERMISSIONS });
    expect(body(await fake.waitForRequest(callbackOf(i)))).toEqual({ type: 5, data: { flags: 64 } });
    expect((await replyTo(i)).content).toBe('Running an eval needs the Manage Server permission or the eval role.');
    expect(downloaded('nope.jsonl')).toBe(false);
  });

  it('with EVAL_ROLE_ID set, a member with that role may run it (here publicly)', async () => {
    const i = runEval(
      { name: 'role.jsonl', content: jsonl(CASES.slice(0, 1)) },
      { permissions: EVERYONE_PERMISSIONS, roles: [EVAL_ROLE], public: true },
    );
    expect(body(await fake.waitForRequest(callbackOf(i)))).toEqual({ type: 5, data: { flags: 0 } });
    const { content, edit } = await replyTo(i);
    expect(content).toMatch(/^Eval of role\.jsonl: 1\/1 passed \(100\.0%\)/);
    expect(edit.files).toHaveLength(3);
    expect(Number(fake.message(fake.interaction(i.id)!.originalMessageId!)?.flags ?? 0) & 64).toBe(0);
  });

  it('a file over the size limit is refused from its size alone, before any download', async () => {
    const big = jsonl(CASES).padEnd(300 * 1024, ' ');
    const { content } = await replyTo(runEval({ name: 'big.jsonl', content: big }));
    expect(content).toBe(
      'big.jsonl is 300 KB; an uploaded question set may be at most 256 KB. Split it, or run big sets with npm run eval.',
    );
    expect(downloaded('big.jsonl')).toBe(false);
  });

  it('a file of the wrong type is refused', async () => {
    const { content } = await replyTo(
      runEval({ name: 'chart.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47]), contentType: 'image/png' }),
    );
    expect(content).toBe(
      'chart.png (image/png) is not a question set: upload a .jsonl file (one JSON case a line), a .json array or a .yaml list.',
    );
    expect(downloaded('chart.png')).toBe(false);
  });

  it('a malformed file is refused with the bad line numbers, and nothing runs', async () => {
    const lines = [
      JSON.stringify(CASES[0]),
      '{"id": "b", "question": "x?"',
      JSON.stringify(CASES[1]),
      '{"id": "c", "question": "Who?", "answerable": "yes"}',
    ];
    const { content, edit } = await replyTo(runEval({ name: 'broken.jsonl', content: lines.join('\n') }));
    expect(content).toMatch(
      /^broken\.jsonl has 2 invalid cases, so nothing was run:\n• line 2: not valid JSON .*\n• line 4: answerable: .*\nFix them and upload the file again\.$/,
    );
    expect(edit.files).toHaveLength(0);
    expect(downloaded('broken.jsonl')).toBe(true);
  });

  it('more cases than the limit are refused before running', async () => {
    const many = Array.from({ length: 201 }, (_, n) => ({ id: `c${n}`, question: `Question ${n}?`, answerable: false }));
    const { content } = await replyTo(runEval({ name: 'many.jsonl', content: jsonl(many) }));
    expect(content).toBe('many.jsonl has 201 cases; /eval runs at most 200. Split the set, or run it whole with npm run eval.');
  });

  it('one eval at a time per guild: a second one is told an eval is already running; another guild is not blocked', async () => {
    held = new Promise((resolve) => (release = resolve));
    const slow = runEval({
      name: 'slow.jsonl',
      content: jsonl([{ id: 'held', question: HELD, answerable: true, expected: ['Kuala Lumpur'] }]),
    });
    await fake.downloads.waitFor((d) => d.path.endsWith('/slow.jsonl'));

    const second = await replyTo(runEval({ name: 'second.jsonl', content: jsonl(CASES) }));
    expect(second.content).toBe('An eval is already running in this server; try again when it has finished.');
    expect(downloaded('second.jsonl')).toBe(false);
    expect((await replyTo(runEval({ name: 'elsewhere.jsonl', content: jsonl(CASES.slice(0, 1)) }, { guildId: guildB }))).content).toMatch(
      /^Eval of elsewhere\.jsonl: 1\/1 passed/,
    );

    release();
    expect((await replyTo(slow)).content).toMatch(/^Eval of slow\.jsonl: 1\/1 passed/);
    // The lock is released with the run.
    expect((await replyTo(runEval({ name: 'after.jsonl', content: jsonl(CASES.slice(0, 1)) }, { guildId: guildA }))).content).toMatch(
      /^Eval of after\.jsonl: 1\/1 passed/,
    );
  });
});

describe('/eval handler', () => {
  it('cases still waiting when the time budget runs out are reported as not run', async () => {
    const app = await createTestApp();
    const footnote: Footnote = {
      ...app.footnote,
      ask: async (q, o) => {
        await new Promise((r) => setTimeout(r, 60));
        return app.footnote.ask(q, o);
      },
    };
    const command = createEvalCommand({ locks: createKeyedLock(), limits: { timeBudgetMs: 100 } });
    const ctx: CommandContext = {
      footnote,
      config: app.config,
      log: app.log,
      surface: 'discord',
      invoker: { userId: 'u', guildId: 'g', canManageGuild: true, canManageMessages: false, roleIds: [] },
    };
    const file = { name: 'q.jsonl', size: 10, read: async () => jsonl(CASES) };
    const reply = await command.handle(ctx, { file });
    expect(reply.kind).toBe('text');
    const text = reply.kind === 'text' ? reply.text : '';
    expect(text).toMatch(/^Eval of q\.jsonl: \d\/2 passed/);
    expect(text).toContain('Not run: 1 case (the time budget of 0 s ran out).');
  });

  it('knows a question set by its extension, else by its content type', () => {
    expect(uploadFormat({ name: 'a.JSONL' })).toBe('jsonl');
    expect(uploadFormat({ name: 'a.yml', contentType: 'image/png' })).toBe('yaml');
    expect(uploadFormat({ name: 'a.json' })).toBe('json');
    expect(uploadFormat({ name: 'questions', contentType: 'application/x-yaml; charset=utf-8' })).toBe('yaml');
    expect(uploadFormat({ name: 'a.txt', contentType: 'text/plain' })).toBeUndefined();
    expect(uploadFormat({ name: 'a.png', contentType: 'image/png' })).toBeUndefined();
  });

  it('the lock admits one holder per key until released', () => {
    const locks = createKeyedLock();
    const first = locks.tryAcquire('g1')!;
    expect(locks.tryAcquire('g1')).toBeUndefined();
    expect(locks.tryAcquire('g2')).toBeDefined();
    first();
    first();
    expect(locks.tryAcquire('g1')).toBeDefined();
  });
});
