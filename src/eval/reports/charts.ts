/**
 * Inline SVG charts for report.html: plain markup, no scripts, fonts or external references (SVG
 * inside HTML needs no xmlns, so the markup carries no URL at all).
 */
import { escapeHtml } from './format.js';

export interface Bar {
  label: string;
  /** 0..1, or null for "not measured". */
  value: number | null;
  note?: string;
}

/** Horizontal bars of fractions (e.g. pass rate by tag). */
export function barChart(bars: readonly Bar[], title: string): string {
  const row = 22;
  const labelWidth = 140;
  const barWidth = 300;
  const height = bars.length * row + 30;
  const width = labelWidth + barWidth + 120;
  const body = bars.map((b, i) => {
    const y = 24 + i * row;
    const w = b.value === null ? 0 : Math.max(0, Math.min(1, b.value)) * barWidth;
    const color = b.value === null ? '#bbb' : b.value >= 0.9 ? '#2e7d32' : b.value >= 0.7 ? '#f9a825' : '#c62828';
    const text = b.value === null ? 'n/a' : `${(b.value * 100).toFixed(0)}%`;
    return [
      `<text x="${labelWidth - 6}" y="${y + 13}" text-anchor="end">${escapeHtml(clip(b.label, 20))}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${barWidth}" height="${row - 6}" fill="#eee"/>`,
      `<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${row - 6}" fill="${color}"/>`,
      `<text x="${labelWidth + barWidth + 6}" y="${y + 13}">${escapeHtml(text)}${b.note ? ` ${escapeHtml(b.note)}` : ''}</text>`,
    ].join('');
  });
  return svg(width, height, title, body.join(''));
}

/** A histogram of latencies (ms) with `bins` equal-width bins. */
export function histogram(values: readonly number[], title: string, bins = 10): string {
  const width = 560;
  const height = 200;
  const plot = { x: 40, y: 24, w: width - 60, h: height - 64 };
  if (values.length === 0) return svg(width, 60, title, '<text x="10" y="40">no latencies recorded</text>');
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor(((v - min) / span) * bins))]! += 1;
  const top = Math.max(...counts);
  const w = plot.w / bins;
  const body = counts.map((n, i) => {
    const h = (n / top) * plot.h;
    const x = plot.x + i * w;
    const label =
      n > 0 ? `<text x="${(x + w / 2).toFixed(1)}" y="${(plot.y + plot.h - h - 3).toFixed(1)}" text-anchor="middle">${n}</text>` : '';
    const tip = `${Math.round(min + (i * span) / bins)}–${Math.round(min + ((i + 1) * span) / bins)} ms: ${n}`;
    const box = `x="${(x + 1).toFixed(1)}" y="${(plot.y + plot.h - h).toFixed(1)}" width="${(w - 2).toFixed(1)}" height="${h.toFixed(1)}"`;
    return `<rect ${box} fill="#1565c0"><title>${tip}</title></rect>${label}`;
  });
  const axis = [
    `<line x1="${plot.x}" y1="${plot.y + plot.h}" x2="${plot.x + plot.w}" y2="${plot.y + plot.h}" stroke="#333"/>`,
    `<text x="${plot.x}" y="${plot.y + plot.h + 16}">${Math.round(min)} ms</text>`,
    `<text x="${plot.x + plot.w}" y="${plot.y + plot.h + 16}" text-anchor="end">${Math.round(max)} ms</text>`,
  ];
  return svg(width, height, title, body.join('') + axis.join(''));
}

function svg(width: number, height: number, title: string, body: string): string {
  const size = `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`;
  const heading = `<text x="4" y="14" font-weight="bold">${escapeHtml(title)}</text>`;
  return `<svg ${size} role="img" aria-label="${escapeHtml(title)}" font-family="system-ui, sans-serif" font-size="12">${heading}${body}</svg>`;
}

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
