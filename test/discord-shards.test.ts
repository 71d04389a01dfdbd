// DISCORD_SHARDS=auto|N: `npm start` becomes a ShardingManager with one process per shard.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchGatewayInfo, shardFromEnv, spawnDelayMs } from '../src/adapters/discord/shards.js';
import { UserError } from '../src/domain/errors.js';
import { openExistingStore } from '../src/storage/index.js';
import { body, originalEditOf, user } from './discord-harness.js';
import { startFakeDiscord, type FakeDiscord } from '../src/bench/fake-discord/index.js';
import { REPO, REPO_CORPUS, tempDir, testEnv } from './helpers/app.js';
import { measureStoreThroughput } from '../src/bench/store-throughput.js';

const QUESTION = 'Who is the U.S. Treasury Secretary taking part in the talks?';

describe('sharding parts', () => {
  it('a shard process finds its shard in the variables ShardingManager sets; other processes have none', () => {
    expect(shardFromEnv({ SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '2' })).toEqual({ id: 1, count: 2 });
    expect(shardFromEnv({ SHARDS: '1', SHARD_COUNT: '2' })).toBeUndefined();
    expect(shardFromEnv({})).toBeUndefined();
    expect(() => shardFromEnv({ SHARDING_MANAGER: 'true', SHARDS: '2', SHARD_COUNT: '2' })).toThrow(/not a shard/);
  });

  it('shards of one identify bucket start at least 5 s apart', () => {
    expect(spawnDelayMs(1)).toBe(5500);
    expect(spawnDelayMs(16)).toBe(344);
    expect(16 * spawnDelayMs(16)).toBeGreaterThanOrEqual(5000);
  });

  it('GET /gateway/bot goes to DISCORD_API_URL; a rejected token is a UserError', async () => {
    const fake = await startFakeDiscord({ shards: 3, requireToken: true });
    try {
      expect(await fetchGatewayInfo(fake.apiUrl, fake.token)).toEqual({ shards: 3, maxConcurrency: 16 });
      await expect(fetchGatewayInfo(fake.apiUrl, 'bm90LXRoZS10b2tlbg.wrong.token-value')).rejects.toBeInstanceOf(UserError);
    } finally {
      await fake.close();
    }
  });

  it('two shard processes write one database at once without losing a write', async () => {
    const out = await measureStoreThroughput({ processes: 2, writes: 300, inherit: { PATH: process.env.PATH, HOME: process.env.HOME } });
    expect(out.expected).toBe(600);
    expect(out.stored).toEqual({ answers: 600, votes: 600 });
  }, 60_000);
});

interface Started {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** The manager's and the shards' log lines (JSON), as they arrive. */
  lines(): Record<string, unknown>[];
  stderr(): string;
}

/** `npm start` (src/main.ts) against the fake with DISCORD_SHARDS; resolves once the manager says all shards are online. */
async function startSharded(fake: FakeDiscord, shards: string, dataDir: string, extra: Record<string, string> = {}): Promise<Started> {
  const env = {
    ...process.env,
    ...testEnv({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_SHARDS: shards,
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      ...extra,
    }),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'src/main.ts')], {
    cwd: REPO,
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = () =>
    stderr.split('\n').flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  started.push({ child, lines });
  // The manager's line has `shards`; each shard's own has `shard`.
  await expect
    .poll(() => lines().some((l) => l.msg === 'footnote is online' && l.shards !== undefined) || child.exitCode !== null, {
      timeout: 90_000,
      interval: 100,
    })
    .toBe(true);
  if (child.exitCode !== null) throw new Error(`the manager exited with ${child.exitCode}:\n${stderr}`);
  return { child, exited, lines, stderr: () => stderr };
}

const started: { child: ChildProcess; lines(): Record<string, unknown>[] }[] = [];
let fake: FakeDiscord | undefined;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const shardPids = (lines: Record<string, unknown>[]) => lines.filter((l) => l.msg === 'shard process started').map((l) => Number(l.pid));

afterEach(async () => {
  // Whatever a failed test left running: the manager, then any shard process it started.
  for (const s of started.splice(0)) {
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    for (const pid of shardPids(s.lines())) if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  await fake?.close();
  fake = undefined;
});

describe('npm start with DISCORD_SHARDS', () => {
  it('auto: a process per recommended shard identifies it, answers its own guild, follows corpus edits; SIGTERM stops all, exit 0', async () => {
    fake = await startFakeDiscord({ shards: 2, heartbeatIntervalMs: 1000 });
    const dataDir = tempDir();
    const corpusDir = tempDir();
    cpSync(REPO_CORPUS, corpusDir, { recursive: true });
    const s = await startSharded(fake, 'auto', dataDir, { CORPUS_DIR: corpusDir });
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const pids = shardPids(s.lines());
    expect(new Set(pids).size).toBe(2);
    expect(pids).not.toContain(s.child.pid);

    const [g0, g1] = fake.guilds;
    const answerIds: [string, string][] = [];
    for (const g of [g0!, g1!]) {
      const i = fake.sendInteraction(
        fake.build.slash({
          name: 'ask',
          guildId: g.id,
          options: [{ name: 'question', type: 'string', value: QUESTION }],
          user: user(`u${g.id.slice(-4)}`),
        }),
      );
      const edit = body(await fake.waitForRequest(originalEditOf(fake, i), 20_000));
      expect(String(edit.content)).toContain('Bessent');
      answerIds.push([g.id, /"custom_id":"fb:up:([\w-]+)"/.exec(JSON.stringify(edit.components))![1]!]);
    }
    // Each guild was answered by the process running its shard.
    const answeredIn = () =>
      s
        .lines()
        .filter((l) => l.msg === 'answered')
        .map((l) => [l.shard, l.guildId])
        .sort();
    await expect.poll(answeredIn, { timeout: 10_000 }).toEqual([
      [0, g0!.id],
      [1, g1!.id],
    ]);
    // Both shard processes stored their answer in the one database of DATA_DIR.
    const store = openExistingStore(dataDir)!;
    try {
      for (const [g, id] of answerIds) expect(await store.answers.get(id)).toMatchObject({ guildId: g, question: QUESTION });
    } finally {
      await store.close();
    }

    // An edit to the article reaches every shard process (each watches the corpus), not just one.
    const article = path.join(corpusDir, 'us-china-trade-talks.md');
    appendFileSync(article, '\nThe negotiators agreed to meet again in Reykjavik in March.\n');
    await expect
      .poll(
        () =>
          s
            .lines()
            .filter((l) => l.msg === 'corpus changed; index reloaded')
            .map((l) => l.shard)
            .sort(),
        { timeout: 30_000 },
      )
      .toEqual([0, 1]);
    for (const g of [g0!, g1!]) {
      const i = fake.sendInteraction(
        fake.build.slash({
          name: 'ask',
          guildId: g.id,
          options: [{ name: 'question', type: 'string', value: 'Where will the negotiators meet again?' }],
          user: user(`r${g.id.slice(-4)}`),
        }),
      );
      expect(String(body(await fake.waitForRequest(originalEditOf(fake, i), 20_000)).content)).toContain('Reykjavik');
    }

    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    const stopped = s
      .lines()
      .filter((l) => l.msg === 'stopped')
      .map((l) => l.shard ?? 'manager');
    expect(stopped.sort()).toEqual([0, 1, 'manager']);
    for (const pid of pids) expect(alive(pid)).toBe(false);
    expect(fake.openConnections).toBe(0);
    expect(s.stderr()).not.toContain(fake.token);
  }, 120_000);

  it('2: when a shard process dies, the manager stops the other gracefully and exits 1', async () => {
    fake = await startFakeDiscord({ shards: 2, heartbeatIntervalMs: 1000 });
    const s = await startSharded(fake, '2', tempDir());
    const [pid0, pid1] = shardPids(s.lines());
    process.kill(pid1!, 'SIGKILL');
    expect(await s.exited).toBe(1);
    expect(s.lines().find((l) => l.msg === 'shard process ended')).toMatchObject({ shard: 1, level: 50, signal: 'SIGKILL' });
    expect(s.lines().some((l) => l.msg === 'stopped' && l.shard === 0)).toBe(true);
    expect(alive(pid0!)).toBe(false);
  }, 120_000);

  it('when the manager is killed, its shard processes stop too (no orphan left online to answer twice after a restart)', async () => {
    fake = await startFakeDiscord({ shards: 2, heartbeatIntervalMs: 1000 });
    const s = await startSharded(fake, '2', tempDir());
    const pids = shardPids(s.lines());
    s.child.kill('SIGKILL');
    await expect.poll(() => pids.filter(alive), { timeout: 30_000, interval: 100 }).toEqual([]);
    await expect.poll(() => fake!.openConnections, { timeout: 5000 }).toBe(0);
  }, 120_000);
});
