import type { BenchReport, Figure, Target, Unit } from './report.js';

const WORKLOAD_TITLES: Record<Figure['workload'], string> = {
  article: 'article',
  sotu: 'SOTU corpus',
  hnsw: 'HNSW quality',
  peer: 'vs. LangChain peer',
};

/** Number formatting by unit: enough digits to compare runs, no more. */
export function formatValue(value: number, unit: Unit): string {
  const abs = Math.abs(value);
  switch (unit) {
    case 'ms':
      return abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toFixed(2);
    case 's':
      return value.toFixed(abs >= 10 ? 1 : 2);
    case 'MB':
      return value.toFixed(abs >= 10 ? 0 : 1);
    case 'qps':
      return value.toFixed(abs >= 100 ? 0 : 1);
    case 'ratio':
      return value.toFixed(3);
    case 'x':
      return value.toFixed(abs >= 10 ? 1 : 2);
    case 'count':
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
  }
}

const UNIT_SUFFIX: Record<Unit, string> = { ms: ' ms', s: ' s', MB: ' MB', qps: ' q/s', ratio: '', x: '×', count: '' };

export function formatTarget(target: Target | undefined, unit: Unit): string {
  return target ? `${target.op} ${formatValue(target.value, unit)}${UNIT_SUFFIX[unit]}` : '';
}

const status = (f: Figure) => (f.met === undefined ? '' : f.met ? 'ok' : 'MISS');

/** The figures as a Markdown table (readable in a terminal, pasteable into the README). */
export function renderTable(figures: readonly Figure[]): string {
  const header = ['workload', 'figure', 'median', 'min', 'max', 'target', ''];
  const rows = figures.map((f) => [
    WORKLOAD_TITLES[f.workload],
    f.label,
    `${formatValue(f.median, f.unit)}${UNIT_SUFFIX[f.unit]}`,
    formatValue(f.min, f.unit),
    formatValue(f.max, f.unit),
    formatTarget(f.target, f.unit),
    status(f),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = new Set([2, 3, 4]);
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Table plus the context a reader needs to trust it: machine, mode, runs, misses, notes. */
export function renderReport(report: BenchReport): string {
  const m = report.machine;
  const load = `load avg ${m.loadAverage.start}${m.loadAverage.end === undefined ? '' : ` → ${m.loadAverage.end}`}`;
  const misses = report.figures.filter((f) => f.met === false);
  return [
    `footnote bench (${report.mode}) — ${m.cpus} CPUs (${m.cpuModel}), ${Math.round(m.totalMemMB / 1024)} GB RAM, Node ${m.node}, ${load}`,
    `Each figure: median of its runs (min/max beside it); percentiles are nearest-rank.`,
    '',
    renderTable(report.figures),
    '',
    misses.length ? `Targets missed: ${misses.map((f) => f.id).join(', ')}` : 'All targets met.',
    ...report.notes.map((n) => `- ${n}`),
  ].join('\n');
}
