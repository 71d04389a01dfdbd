import { describe, expect, it } from 'vitest';
import { testEnv } from './helpers/app.js';
import { runNode } from './helpers/spawn.js';

// The same script as `npm run soak`, shortened, in a fresh process (vitest's own allocations
// would swamp the measurement). It warms up on half the questions (filling the answer cache),
// then compares resident memory after full collections.
describe('short soak', () => {
  it('answers 1,500 mixed questions (dev, paraphrased, junk) with no failures and < 10% memory growth after warm-up', async () => {
    const r = await runNode('src/cli.ts', ['soak', '--questions', '1500', '--json'], testEnv());
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ questions: 1500, warmup: 750, failed: 0, failures: [], ok: true });
    expect(report.answered + report.declined + report.rejected).toBe(1500);
    expect(report.answered).toBeGreaterThan(0);
    expect(report.rejected).toBeGreaterThan(0);
    expect(report.rssMB.growthPct).toBeLessThan(10);
    expect(report.latencyMs.p95).toBeGreaterThan(0);
  });

  it('exits 2 for bad arguments', async () => {
    const r = await runNode('src/cli.ts', ['soak', '--questions', '10', '--warmup', '10'], testEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--warmup \(10\) must be smaller than --questions/);
  });
});
