import os from 'node:os';
import { round, spread, type Spread } from './stats.js';

/** Which workload of issue 6 a figure belongs to. */
export type Workload = 'article' | 'sotu' | 'hnsw' | 'peer';

export type Unit = 'ms' | 's' | 'MB' | 'qps' | 'ratio' | 'x' | 'count';

/** A goal for a figure's median, e.g. `{ op: '<', value: 25 }` for "p95 under 25 ms". */
export interface Target {
  op: '<' | '<=' | '>' | '>=';
  value: number;
}

/** One benchmark number: the median of its runs, with min/max so noise is visible. */
export interface Figure extends Spread {
  /** Stable key for the JSON, e.g. `article.ask.p95_ms`. */
  id: string;
  workload: Workload;
  label: string;
  unit: Unit;
  target?: Target;
  /** Whether the median meets the target (absent without a target). */
  met?: boolean;
  note?: string;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  totalMemMB: number;
  freeMemMB: number;
  node: string;
  platform: string;
  /** 1-minute load average at start and end: a busy machine explains noisy figures. */
  loadAverage: { start: number; end?: number };
}

/** The JSON file `npm run bench` writes (bench-results/), one object per run. */
export interface BenchReport {
  version: 1;
  mode: string;
  startedAt: string;
  finishedAt?: string;
  durationS?: number;
  machine: MachineInfo;
  /** Sizes and settings the figures were measured with (corpus counts, repeats, HNSW params). */
  settings: Record<string, unknown>;
  figures: Figure[];
  notes: string[];
}

export function meets(value: number, target: Target): boolean {
  switch (target.op) {
    case '<':
      return value < target.value;
    case '<=':
      return value <= target.value;
    case '>':
      return value > target.value;
    case '>=':
      return value >= target.value;
  }
}

export interface FigureSpec {
  id: string;
  workload: Workload;
  label: string;
  unit: Unit;
  target?: Target;
  note?: string;
}

/** Builds a figure from its runs; rounding keeps the JSON readable without hiding real differences. */
export function figure(spec: FigureSpec, runs: readonly number[], digits = 3): Figure {
  const s = spread(runs.map((r) => round(r, digits)));
  const out: Figure = { ...spec, ...s };
  if (spec.target) out.met = meets(s.median, spec.target);
  return out;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemMB: Math.round(os.totalmem() / 2 ** 20),
    freeMemMB: Math.round(os.freemem() / 2 ** 20),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage: { start: round(os.loadavg()[0]!) },
  };
}

/** Collects figures as workloads produce them; `report()` freezes the result. */
export class FigureBook {
  readonly figures: Figure[] = [];
  readonly notes: string[] = [];

  add(spec: FigureSpec, runs: readonly number[], digits?: number): Figure {
    const f = figure(spec, runs, digits);
    this.figures.push(f);
    return f;
  }

  note(text: string): void {
    this.notes.push(text);
  }

  get(id: string): Figure | undefined {
    return this.figures.find((f) => f.id === id);
  }
}
