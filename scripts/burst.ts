/**
 * `npm run burst [-- --interactions N --users N --over-ms MS --shards N --in-process --cached --json]`:
 * a burst of /ask interactions through the loopback fake Discord into the real bot (discord.js
 * client and all), then what Discord saw: acknowledgement time (callback arrival minus dispatch,
 * Discord allows 3 s), time to the reply, and how each interaction ended.
 *
 * By default the bot runs as `npm start` does, in its own process (so it does not share a core
 * with the fake); `--in-process` runs it in this one, as the tests do. `--shards N` serves N
 * guilds, one per shard, and starts the bot with DISCORD_SHARDS=N. Questions are made unique so
 * the answer cache cannot help; `--cached` repeats the 50 dev questions instead.
 *
 * Exit codes: 0 every interaction acknowledged within 3 s and answered exactly once (an answer,
 * a cooldown or a busy notice); 1 otherwise, or when the bot logged an error; 2 usage.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runDiscord } from '../src/adapters/discord/run.js';
import { createLogger } from '../src/compose/log.js';
import { analyseBurst, sendBurst, waitForReplies, type BurstReport } from '../test/discord-burst.js';
import { noIdentifyThrottle, startFakeDiscord, type BuiltInteraction, type FakeDiscord } from '../test/fakes/discord/index.js';
import { testEnv } from '../test/helpers/app.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'Usage: npm run burst -- [--interactions N] [--users N] [--over-ms MS] [--shards N] [--in-process] [--cached] [--json]';

interface Bot {
  /** Errors the bot logged. */
  problems(): string[];
  stop(): Promise<void>;
}

/**
 * The bot as `npm start` runs it, in a child process; resolves once it is online. Its log goes to
 * a file: a pipe this busy process reads late would block the bot's (synchronous) log writes.
 */
async function startChild(env: Record<string, string | undefined>, shards: number): Promise<Bot> {
  const logFile = path.join(env.DATA_DIR!, 'bot.log');
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'src/main.ts')], {
    cwd: REPO,
    env: { ...process.env, ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'ignore', fd],
  });
  closeSync(fd);
  const lines = () => readFileSync(logFile, 'utf8').split('\n');
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Unsharded, the bot's own line; sharded, the manager's (it has `shards`).
  const online = () => lines().some((l) => l.includes('"footnote is online"') && (shards === 1 || l.includes('"shards"')));
  const deadline = Date.now() + 90_000;
  while (!online()) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the bot did not come online:\n${lines().slice(-10).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    problems: () => lines().filter((l) => /"level":(50|60)/.test(l)),
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function startInProcess(env: Record<string, string | undefined>): Promise<Bot> {
  const lines: string[] = [];
  const log = createLogger(
    'info',
    new Writable({
      write(c, _e, done) {
        lines.push(String(c));
        done();
      },
    }) as never,
  );
  const shutdown = new AbortController();
  let online: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (online = resolve));
  const running = runDiscord(env, {
    log,
    shutdown: shutdown.signal,
    signals: [],
    onStarted: () => online(),
    client: { ws: { buildIdentifyThrottler: () => noIdentifyThrottle } },
  });
  await Promise.race([started, running.then((code) => Promise.reject(new Error(`the bot stopped with ${code}`)))]);
  return {
    problems: () => lines.filter((l) => /"level":(50|60)/.test(l)),
    async stop() {
      shutdown.abort();
      await running;
    },
  };
}

function questions(cached: boolean, interactions: number): string[] {
  const dev = readFileSync(path.join(REPO, 'corpus/us-china-trade-talks.questions.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => String((JSON.parse(l) as { question: string }).question));
  return cached ? dev : Array.from({ length: interactions }, (_, n) => `${dev[n % dev.length]} (${n + 1})`);
}

function render(
  r: BurstReport,
  o: { interactions: number; users: number; overMs: number; shards: number; where: string; settledMs: number },
): string {
  const c = r.counts;
  return [
    `burst: ${o.interactions} /ask from ${o.users} users over ${o.overMs} ms, ${o.shards > 1 ? `${o.shards} shards` : 'unsharded'}, bot ${o.where}`,
    `  replies: ${c.answer} answers, ${c.cooldown} cooldown notices, ${c.busy} busy notices, ${c.error} errors, ${c.other} other, ${c.none} without a reply`,
    `  acknowledged: p50 ${r.ackMs.p50} ms, p95 ${r.ackMs.p95} ms, max ${r.ackMs.max} ms (Discord allows 3000)`,
    `  time to reply: p50 ${r.answerMs.p50} ms, p95 ${r.answerMs.p95} ms, max ${r.answerMs.max} ms; all replied ${o.settledMs} ms after the first dispatch`,
    r.problems.length
      ? `  PROBLEMS (${r.problems.length}):\n${r.problems
          .slice(0, 20)
          .map((p) => `    ${p}`)
          .join('\n')}`
      : '  ok: every interaction acknowledged in time and answered exactly once',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        interactions: { type: 'string' },
        users: { type: 'string' },
        'over-ms': { type: 'string' },
        shards: { type: 'string' },
        'in-process': { type: 'boolean' },
        cached: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const interactions = Number(values.interactions ?? 500);
  const users = Number(values.users ?? 100);
  const overMs = Number(values['over-ms'] ?? 3000);
  const shards = Number(values.shards ?? 1);
  const inProcess = values['in-process'] ?? false;
  if (
    ![interactions, users, overMs, shards].every(Number.isInteger) ||
    interactions < 1 ||
    users < 1 ||
    overMs < 0 ||
    shards < 1 ||
    (inProcess && shards > 1)
  ) {
    process.stderr.write(`${USAGE}\n(--shards needs the bot in its own process)\n`);
    return 2;
  }

  const fake: FakeDiscord = await startFakeDiscord({ shards, heartbeatIntervalMs: 5000 });
  let bot: Bot | undefined;
  try {
    const env = testEnv({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_APP_ID: fake.appId,
      LOG_LEVEL: 'info',
      DISCORD_SHARDS: shards > 1 ? String(shards) : 'off',
    });
    bot = inProcess ? await startInProcess(env) : await startChild(env, shards);
    const plan = {
      interactions: Math.ceil(interactions / shards),
      users: Math.ceil(users / shards),
      overMs,
      questions: questions(values.cached ?? false, interactions),
    };
    const t0 = Date.now();
    const sent: BuiltInteraction[] = (await Promise.all(fake.guilds.map((g) => sendBurst(fake, plan, g.id)))).flat();
    const missing = await waitForReplies(fake, sent, 120_000 + interactions * 100);
    const settledMs = Date.now() - t0;
    await bot.stop();
    const logged = bot.problems();
    bot = undefined;
    const report = analyseBurst(fake, sent);
    if (missing) report.problems.push(`${missing} interactions still had no reply when the burst timed out`);
    for (const line of logged.slice(0, 5)) report.problems.push(`the bot logged: ${line.slice(0, 300)}`);
    const where = inProcess ? 'in this process' : 'in its own process';
    if (values.json) {
      const { outcomes: _, ...summary } = report;
      process.stdout.write(`${JSON.stringify({ interactions: sent.length, users, overMs, shards, where, settledMs, ...summary })}\n`);
    } else {
      process.stdout.write(`${render(report, { interactions: sent.length, users, overMs, shards, where, settledMs })}\n`);
    }
    return report.problems.length ? 1 : 0;
  } finally {
    await bot?.stop();
    await fake.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
