/** The fit's report (Markdown): held-out figures beside the baseline, the search, the decline curve. */
import type { FittedParams } from '../../params/fitted.js';
import type { QualityFigures } from '../quality/metrics.js';
import type { HeldOut } from './cross.js';

export interface FitReportInput {
  params: FittedParams;
  held: HeldOut;
  inSample: Map<string, QualityFigures>;
  baseline: Map<string, QualityFigures>;
  /** Test sets (never fitted on), answered with the shipped parameters. */
  unseen: Map<string, QualityFigures>;
  trials: { setting: string; score: number; offTopicMissed?: true }[];
  recall: Map<string, number>;
}

const pct = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(3));

export function figureRows(name: string, rows: [string, QualityFigures | undefined][]): string[] {
  return rows.map(([label, f]) =>
    f
      ? `| ${name} | ${label} | ${pct(f.hit1)} | ${pct(f.hit3)} | ${pct(f.contains)} | ${pct(f.citationPrecision)} | ${pct(f.answerableDeclined)} | ${pct(f.unanswerableDeclined)} | ${pct(f.shortRight)} |`
      : `| ${name} | ${label} | – | – | – | – | – | – | – |`,
  );
}

export const FIGURE_HEADER = [
  '| benchmark | method | hit@1 | hit@3 | answer contains gold | citation precision | answerable declined | unanswerable declined | answer phrase right |',
  '|---|---|--:|--:|--:|--:|--:|--:|--:|',
];

/** Pooled decline precision/recall and false declines when each fold's threshold is moved by δ. */
export function declineCurve(held: HeldOut, offsets = [-2, -1, -0.5, -0.25, 0, 0.25, 0.5, 1, 2]): string[] {
  const lines = ['| threshold shift δ | decline precision | unanswerable declined (recall) | answerable declined |', '|--:|--:|--:|--:|'];
  for (const d of offsets) {
    let declined = 0;
    let right = 0;
    let unanswerable = 0;
    let answerable = 0;
    let falseDeclines = 0;
    for (const l of held.logits) {
      const decline = l.logit < l.threshold + d;
      if (l.answerable) {
        answerable++;
        if (decline) falseDeclines++;
      } else unanswerable++;
      if (decline) {
        declined++;
        if (!l.answerable) right++;
      }
    }
    lines.push(
      `| ${d >= 0 ? '+' : ''}${d} | ${pct(right / declined)} | ${pct(right / unanswerable)} | ${pct(falseDeclines / answerable)} |`,
    );
  }
  return lines;
}

export function renderFitReport(r: FitReportInput): string {
  const names = [...r.baseline.keys()];
  const out = [
    '# Fit report',
    '',
    `Written by \`npm run fit\` at ${r.params.fittedAt}, with \`src/params/fitted.json\`. Every held-out figure comes from`,
    'parameters fitted with that benchmark left out (leave-one-benchmark-out); in-sample figures use the shipped parameters,',
    'which were fitted on every benchmark, and are shown only for comparison. The baseline is plain BM25 over paragraphs,',
    'then the sentence sharing the most question stems (it never declines). A test set (`"fit": false` in its',
    '`benchmark.json`) is never fitted on: it is answered once, with the shipped parameters.',
    '',
    '## Held-out figures, baseline beside them',
    '',
    ...FIGURE_HEADER,
    ...names.flatMap((n) =>
      figureRows(
        n,
        r.unseen.has(n)
          ? [
              ['baseline', r.baseline.get(n)],
              ['footnote, test set (never fitted on)', r.unseen.get(n)],
            ]
          : [
              ['baseline', r.baseline.get(n)],
              ['footnote, held out', r.held.figures.get(n)],
              ['footnote, in sample', r.inSample.get(n)],
            ],
      ),
    ),
    '',
    "Gold paragraph in the reranker's candidate pool (answerable questions): " +
      names
        .filter((n) => r.recall.has(n))
        .map((n) => `${n} ${pct(r.recall.get(n)!)}`)
        .join(', ') +
      '.',
    '',
    '## Decline precision/recall (held-out logits, all benchmarks pooled)',
    '',
    'δ = 0 is the fitted threshold: the highest at which at most 5 % of the answerable training questions are declined',
    "(every benchmark weighing the same). Each row moves every fold's threshold by δ on the decline model's logit.",
    '',
    ...declineCurve(r.held),
    '',
    '## Settings searched (mean held-out of hit@1 and answer-contains-gold)',
    '',
    "A coordinate search from MiniSearch's defaults, in this order; a setting replaces the best so far only when it scores higher by more than 1 / (answerable questions fitted on), one question of an average benchmark on both figures, and only when the off-topic benchmarks held out decline at least 90% of their questions (the issue's bar; the score counts answers only).",
    '',
    '| setting | score |',
    '|---|--:|',
    ...r.trials.map((t) => `| \`${t.setting}\` | ${t.score.toFixed(4)}${t.offTopicMissed ? ' (off-topic bar missed: not taken)' : ''} |`),
    '',
    '## Data fitted on',
    '',
    '| benchmark | questions | sha256 (questions) | sha256 (corpus) |',
    '|---|---|---|---|',
    ...r.params.data.map((d) => `| ${d.name} | \`${d.questions}\` | \`${d.sha256.slice(0, 12)}\` | \`${d.corpusSha256.slice(0, 12)}\` |`),
    '',
  ];
  return out.join('\n');
}
