// The many-servers memory workload runs end to end on a small scale, so it cannot rot.
import { describe, expect, it } from 'vitest';
import { runArticlesMemory, sotuArticles } from '../src/bench/articles-memory.js';
import { SHARED_CACHE_DIR } from './helpers/app.js';

describe('articles memory workload', () => {
  it('gives distinct articles of about the asked size', () => {
    const articles = sotuArticles(240, 4000);
    expect(new Set(articles.map((a) => a.markdown)).size).toBe(240);
    expect(new Set(articles.map((a) => a.id)).size).toBe(240);
    for (const a of articles.slice(0, 20)) expect(a.markdown.length).toBeLessThan(4000 + 400);
  });

  it('every server asks in turn through an LRU smaller than the servers: samples memory, counts openings and evictions', async () => {
    const report = await runArticlesMemory({ servers: 6, capacity: 2, rounds: 2, chars: 3000, cacheDir: SHARED_CACHE_DIR });
    expect(report.samples.map((s) => s.label)).toEqual([
      'start (word vectors loaded)',
      'uploads: 6 servers',
      'round 1: every server asked once',
      'round 2: every server asked once',
    ]);
    // In turn with room for 2 of 6: every ask misses and reopens from disk.
    expect(report.stats).toMatchObject({ loaded: 2, capacity: 2, opened: 18, hits: 0, evicted: 16 });
    expect(report.peakRssMb).toBeGreaterThan(0);
    expect(report.latencyMs.p95).toBeGreaterThan(0);
  });
});
