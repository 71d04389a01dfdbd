/**
 * `npm run bench:articles [-- --servers 200 --capacity 32 --rounds 3 --chars 12000 --max-rss-mb 400 --json]`:
 * many servers, each with its own uploaded article, answering in turn (the worst order for the
 * LRU of loaded article indexes); resident memory sampled as it goes.
 *
 * Exit codes: 0 ok; 1 peak resident memory above `--max-rss-mb`; 2 usage.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { runArticlesMemory } from '../src/bench/articles-memory.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let values;
try {
  ({ values } = parseArgs({
    options: {
      servers: { type: 'string', default: '200' },
      capacity: { type: 'string', default: '32' },
      rounds: { type: 'string', default: '3' },
      chars: { type: 'string', default: '12000' },
      'max-rss-mb': { type: 'string', default: '400' },
      json: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
const num = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`--${name} must be a positive whole number\n`);
    process.exit(2);
  }
  return n;
};
const maxRss = num('max-rss-mb');
const report = await runArticlesMemory({
  servers: num('servers'),
  capacity: num('capacity'),
  rounds: num('rounds'),
  chars: num('chars'),
  cacheDir: process.env.CACHE_DIR ?? path.join(repo, 'data', 'cache'),
  progress: (line) => process.stderr.write(`articles: ${line}\n`),
});
if (values.json) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const o = report.options;
  process.stdout.write(
    `${o.servers} servers, one article each (${o.chars} characters), at most ${o.capacity} loaded, ${o.rounds} rounds; Node ${report.node}\n\n`,
  );
  process.stdout.write('| when | questions | RSS MB | heap MB |\n|---|---:|---:|---:|\n');
  for (const s of report.samples) process.stdout.write(`| ${s.label} | ${s.asked} | ${s.rssMb} | ${s.heapMb} |\n`);
  const { p50, p95, max } = report.latencyMs;
  process.stdout.write(
    `\npeak RSS ${report.peakRssMb} MB (bound ${maxRss} MB); after the uploads ${report.growthAfterUploadsMb >= 0 ? '+' : ''}${report.growthAfterUploadsMb} MB\n` +
      `per question in the rounds: p50 ${p50} ms, p95 ${p95} ms, max ${max} ms; indexes opened ${report.stats.opened}, served from memory ${report.stats.hits}, evicted ${report.stats.evicted}\n`,
  );
}
process.exitCode = report.peakRssMb > maxRss ? 1 : 0;
