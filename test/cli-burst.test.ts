// `footnote burst`: the load tool end to end, small: the fake Discord from src/bench, the real bot
// in this process, the report as JSON.
import { describe, expect, it } from 'vitest';
import { testEnv } from './helpers/app.js';
import { runProgram } from './helpers/cli.js';

describe('footnote burst', () => {
  it('sends /ask through the loopback Discord into the bot and reports every interaction answered once', async () => {
    const r = await runProgram(['burst', '--in-process', '--interactions', '12', '--users', '4', '--over-ms', '300', '--json'], testEnv());
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ interactions: 12, users: 4, shards: 1, where: 'in this process', problems: [] });
    expect(report.counts.answer + report.counts.cooldown).toBe(12);
    expect(report.ackMs.max).toBeLessThanOrEqual(3000);
  });

  it('refuses --shards with --in-process (exit 2)', async () => {
    const r = await runProgram(['burst', '--in-process', '--shards', '2'], testEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--shards needs the bot in its own process/);
  });
});
