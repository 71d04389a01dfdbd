import type { FigureBook } from './report.js';
import type { BenchDirs } from './spawn.js';

/** How much to measure: the repeats and sizes of one bench run. */
export interface Preset {
  name: string;
  /** Runs of each repeated figure (the median of these is reported). */
  runs: number;
  /** Runs of the corpus-2 ingest (the slowest figure, so it may have fewer). */
  ingestRuns: number;
  /** Passes over the question set inside one latency run. */
  passes: number;
  /** Questions answered per throughput run. */
  throughputTotal: number;
  concurrency: number[];
  /** Speeches in corpus 2 (233 = all). */
  speeches: number;
  /** Index rows sampled as extra HNSW quality queries. */
  hnswSampleQueries: number;
  /** efSearch values swept for the recall/latency curve. */
  efSweep: number[];
}

export const PRESETS = {
  full: {
    name: 'full',
    runs: 5,
    ingestRuns: 3,
    passes: 10,
    throughputTotal: 400,
    concurrency: [1, 4, 16],
    speeches: 233,
    hnswSampleQueries: 300,
    efSweep: [16, 32, 64, 128, 256],
  },
  quick: {
    name: 'quick',
    runs: 3,
    ingestRuns: 1,
    passes: 3,
    throughputTotal: 150,
    concurrency: [1, 4, 16],
    speeches: 40,
    hnswSampleQueries: 100,
    efSweep: [32, 128],
  },
} satisfies Record<string, Preset>;

/** Everything a workload needs from the run: where to work, where figures go, how much to do. */
export interface BenchContext {
  dirs: BenchDirs;
  /** A fresh temporary folder for this run's corpora and indexes. */
  work: string;
  preset: Preset;
  book: FigureBook;
  settings: Record<string, unknown>;
  /** Progress lines (stderr in the CLI). */
  progress: (line: string) => void;
}
