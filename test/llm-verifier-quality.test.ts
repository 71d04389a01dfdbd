// How well claim verification separates supported from unsupported claims: hand-labelled claims
// about two invented articles. Each claim is checked the way a one-sentence generated answer is:
// the claim with its marker, every paragraph of the article in context. Positive = kept.
// `verifier` (100 claims) was looked at while the checks were written; `verifier-heldout`
// (56 claims) was written afterwards and not tuned on. Prints the confusion table and the
// misses; the floors catch regressions.
//   npx vitest run test/llm-verifier-quality.test.ts
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReply } from '../src/answer/llm/reply.js';
import { verifyAnswer } from '../src/answer/llm/verify.js';
import { loadCorpus } from '../src/corpus/load.js';
import type { Passage } from '../src/domain/types.js';
import { formatMarker } from '../src/text/markers.js';
import { REPO } from './helpers/app.js';
import { passageOf } from '../src/corpus/passage.js';

interface LabelledClaim {
  id: string;
  claim: string;
  cites: number[];
  supported: boolean;
  kind: string;
}

const SETS = [
  { name: 'verifier', floor: 0.85 },
  { name: 'verifier-heldout', floor: 0.75 },
];

describe.each(SETS)('claim verifier quality on $name', ({ name, floor }) => {
  it('keeps supported claims and removes unsupported ones (precision, recall)', async () => {
    const DIR = path.join(REPO, 'test', 'fixtures', name);
    const claims: LabelledClaim[] = readFileSync(path.join(DIR, 'claims.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LabelledClaim);
    const corpus = await loadCorpus(DIR);
    const doc = corpus.documents[0]!;
    const passages: Passage[] = doc.paragraphs.map((p) => passageOf(doc, p, 1));
    const rows = claims.map((c) => {
      const marker = formatMarker(
        c.cites.map((paragraph) => ({ doc: doc.id, paragraph })),
        false,
      );
      const reply = `${c.claim.replace(/\.$/, '')} ${marker}.`;
      const verified = verifyAnswer(parseReply(reply), passages, false);
      return { ...c, kept: verified.claims > 0, reason: verified.dropped[0]?.reason };
    });
    const tp = rows.filter((r) => r.kept && r.supported).length;
    const fp = rows.filter((r) => r.kept && !r.supported).length;
    const fn = rows.filter((r) => !r.kept && r.supported).length;
    const tn = rows.filter((r) => !r.kept && !r.supported).length;
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    const kinds = [...new Set(rows.map((r) => r.kind))].map((kind) => {
      const of = rows.filter((r) => r.kind === kind);
      return `  ${kind.padEnd(18)} ${of.filter((r) => r.kept === r.supported).length}/${of.length} right`;
    });
    console.log(
      [
        `${name}: ${rows.length} claims (${tp + fn} supported, ${fp + tn} unsupported)`,
        `kept & supported ${tp} · kept & unsupported ${fp} · removed & supported ${fn} · removed & unsupported ${tn}`,
        `precision ${precision.toFixed(3)} · recall ${recall.toFixed(3)} · unsupported removed ${(tn / (fp + tn)).toFixed(3)}`,
        'by kind:',
        ...kinds,
        'wrongly kept:',
        ...rows.filter((r) => r.kept && !r.supported).map((r) => `  ${r.id} [${r.kind}] ${r.claim}`),
        'wrongly removed:',
        ...rows.filter((r) => !r.kept && r.supported).map((r) => `  ${r.id} [${r.kind}] ${r.claim} — ${r.reason}`),
      ].join('\n'),
    );
    expect(precision).toBeGreaterThanOrEqual(floor);
    expect(recall).toBeGreaterThanOrEqual(floor);
  });
});
