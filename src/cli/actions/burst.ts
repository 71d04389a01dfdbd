/**
 * `footnote burst`: a burst of /ask interactions through the loopback fake Discord into the real
 * bot (discord.js client and all), then what Discord saw (src/bench/burst.ts). By default the bot
 * runs as `npm start` does, in its own process (so it does not share a core with the fake);
 * `--in-process` runs it in this one, as the tests do. `--shards N` serves N guilds, one per
 * shard, with DISCORD_SHARDS=N. Questions are made unique so the answer cache cannot help;
 * `--cached` repeats the corpus's own questions instead.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { analyseBurst, renderBurst, sendBurst, waitForReplies } from '../../bench/burst.js';
import { noIdentifyThrottle, startFakeDiscord, type BuiltInteraction } from '../../bench/fake-discord/index.js';
import { devQuestions } from '../../bench/soak.js';
import { loadConfig, type Config } from '../../compose/config.js';
import { loggerFromConfig } from '../../compose/log.js';
import { entryArgs, PACKAGE_ROOT } from '../../compose/paths.js';
import { UserError } from '../../domain/errors.js';
import type { BurstOptions } from '../specs/burst.js';
import type { Outcome } from '../exit.js';
import type { CommandContext } from '../program.js';

interface Bot {
  /** Errors the bot logged. */
  problems(): string[];
  stop(): Promise<void>;
}

export async function burst(o: BurstOptions, { config, io }: CommandContext): Promise<Outcome> {
  const dev = devQuestions(config.corpusDir, []);
  if (dev.length === 0) throw new UserError(`burst asks the corpus's own questions: no *.questions.jsonl in ${config.corpusDir}`);
  const fake = await startFakeDiscord({ shards: o.shards, heartbeatIntervalMs: 5000 });
  let bot: Bot | undefined;
  try {
    // The bot under test is configured like a deployment of its own: the fake's token and URL,
    // this run's corpus and word vectors, a fresh data folder.
    const botEnv = {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_APP_ID: fake.appId,
      DISCORD_SHARDS: o.shards > 1 ? String(o.shards) : 'off',
      CORPUS_DIR: config.corpusDir,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'footnote-burst-')),
      CACHE_DIR: config.cacheDir,
      LOG_LEVEL: 'info',
    };
    bot = o.inProcess ? await startInProcess(loadConfig(botEnv)) : await startChild({ ...io.env, ...botEnv }, o.shards);
    const questions = o.cached ? dev : Array.from({ length: o.interactions }, (_, n) => `${dev[n % dev.length]} (${n + 1})`);
    const plan = { interactions: Math.ceil(o.interactions / o.shards), users: Math.ceil(o.users / o.shards), overMs: o.overMs, questions };
    const t0 = Date.now();
    const sent: BuiltInteraction[] = (await Promise.all(fake.guilds.map((g) => sendBurst(fake, plan, g.id)))).flat();
    const missing = await waitForReplies(fake, sent, 120_000 + o.interactions * 100);
    const settledMs = Date.now() - t0;
    await bot.stop();
    const logged = bot.problems();
    bot = undefined;
    const report = analyseBurst(fake, sent);
    if (missing) report.problems.push(`${missing} interactions still had no reply when the burst timed out`);
    for (const line of logged.slice(0, 5)) report.problems.push(`the bot logged: ${line.slice(0, 300)}`);
    const run = {
      interactions: sent.length,
      users: o.users,
      overMs: o.overMs,
      shards: o.shards,
      where: o.inProcess ? 'in this process' : 'in its own process',
      settledMs,
    };
    if (o.json) {
      const { outcomes: _, ...summary } = report;
      io.stdout.write(`${JSON.stringify({ ...run, ...summary })}\n`);
    } else {
      io.stdout.write(`${renderBurst(report, run)}\n`);
    }
    return report.problems.length ? 'failed' : 'ok';
  } finally {
    await bot?.stop();
    await fake.close();
  }
}

/**
 * The bot as `npm start` runs it, in a child process; resolves once it is online. Its log goes to
 * a file: a pipe this busy process reads late would block the bot's (synchronous) log writes.
 */
async function startChild(env: Record<string, string | undefined>, shards: number): Promise<Bot> {
  const logFile = path.join(env.DATA_DIR!, 'bot.log');
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, [...entryArgs('main')], { cwd: PACKAGE_ROOT, env, stdio: ['ignore', 'ignore', fd] });
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

async function startInProcess(config: Config): Promise<Bot> {
  const { runDiscord } = await import('../../adapters/discord/run.js');
  const lines: string[] = [];
  const sink = new Writable({
    write(c, _e, done) {
      lines.push(String(c));
      done();
    },
  });
  const log = loggerFromConfig(config, 'info', sink as never);
  const shutdown = new AbortController();
  let online: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (online = resolve));
  const running = runDiscord(config, {
    log,
    env: {},
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
