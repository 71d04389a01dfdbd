import { renderArticlesMemory, runArticlesMemory, type ArticlesMemoryArgs } from '../../bench/articles-memory.js';
import type { Outcome } from '../exit.js';
import type { CommandContext } from '../program.js';

export async function benchArticles(args: ArticlesMemoryArgs, { config, io }: CommandContext): Promise<Outcome> {
  const report = await runArticlesMemory({
    ...args,
    cacheDir: config.cacheDir,
    progress: (line) => io.stderr.write(`bench-articles: ${line}\n`),
  });
  io.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : renderArticlesMemory(report, args.maxRssMb));
  return report.peakRssMb > args.maxRssMb ? 'threshold-missed' : 'ok';
}
