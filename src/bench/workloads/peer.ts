import { embeddingsSettingsOf } from '../../compose/config.js';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { App } from '../../compose/bootstrap.js';
import { createEmbeddings } from '../../embeddings/factory.js';
import { createLogger } from '../../compose/log.js';
import type { BenchContext } from '../context.js';
import { latencyRun, repeat } from '../measure.js';
import { buildPeer, locate, peerSearch, PEER_SPLITTER, type PeerIndex, type PeerSource } from '../peer.js';
import type { ArticleQuestion, SpeechQuestion } from '../questions.js';
import { percentile } from '../../stats/percentile.js';

const TOP_K = 5;
const CORPUS_FILE = /\.(md|markdown|txt)$/i;

async function peerEmbeddings(app: App) {
  // The same local GloVe SIF embeddings footnote indexes with.
  return (await createEmbeddings(embeddingsSettingsOf(app.config), createLogger('silent'))).glove;
}

/**
 * The article as a loader would read it (raw files, front matter and all), with footnote's
 * paragraphs located in the raw text so a chunk can be scored against paragraph numbers.
 */
async function articleSources(app: App, corpusDir: string): Promise<PeerSource[]> {
  const docs = new Map(app.footnote.documents().map((d) => [d.id, d]));
  const files = (await readdir(corpusDir)).filter((f) => CORPUS_FILE.test(f)).sort();
  const out: PeerSource[] = [];
  for (const file of files) {
    const doc = docs.get(file.replace(CORPUS_FILE, ''));
    if (!doc) continue;
    const text = (await readFile(path.join(corpusDir, file), 'utf8')).replace(/\r\n?/g, '\n');
    const spans = locate(
      text,
      doc.paragraphs.map((p) => p.text),
    );
    out.push({ doc: doc.id, text, paragraphs: doc.paragraphs.flatMap((p, i) => (spans[i] ? [{ n: p.n, ...spans[i]! }] : [])) });
  }
  return out;
}

const share = (hits: boolean[]) => (hits.length ? hits.filter(Boolean).length / hits.length : 0);

/**
 * Retrieval hit@1 on the article, footnote against the peer. footnote: its first retrieved
 * paragraph is a gold paragraph. Peer, strict (the headline): the top chunk's paragraph — the
 * one holding most of its characters — is gold. Peer, lenient: the top chunk overlaps any gold
 * paragraph at all (generous: a 1,000-character chunk spans two or three paragraphs).
 */
export async function compareArticle(
  ctx: BenchContext,
  app: App,
  corpusDir: string,
  questions: ArticleQuestion[],
  footnoteFirst: Map<string, number | undefined>,
) {
  ctx.progress('peer: article hit@1');
  const peer = await buildPeer(await articleSources(app, corpusDir), await peerEmbeddings(app));
  const answerable = questions.filter((q) => q.citations.length > 0);
  const ours: boolean[] = [];
  const strict: boolean[] = [];
  const lenient: boolean[] = [];
  for (const q of answerable) {
    const top = (await peerSearch(peer, q.question, 1))[0];
    ours.push(q.citations.includes(footnoteFirst.get(q.id) ?? -1));
    strict.push(top?.paragraph !== undefined && q.citations.includes(top.paragraph));
    lenient.push(!!top && top.overlaps.some((n) => q.citations.includes(n)));
  }
  ctx.settings.peerArticle = { chunks: peer.chunks, unlocated: peer.unlocated, answerable: answerable.length, splitter: PEER_SPLITTER };
  const { book } = ctx;
  book.add({ id: 'peer.article.footnote_hit1', workload: 'peer', label: 'article retrieval hit@1: footnote', unit: 'ratio' }, [
    share(ours),
  ]);
  book.add({ id: 'peer.article.peer_hit1', workload: 'peer', label: 'article retrieval hit@1: peer (majority paragraph)', unit: 'ratio' }, [
    share(strict),
  ]);
  book.add(
    { id: 'peer.article.peer_hit1_lenient', workload: 'peer', label: 'article retrieval hit@1: peer (any overlap)', unit: 'ratio' },
    [share(lenient)],
  );
  if (share(strict) > 0) {
    book.add(
      {
        id: 'peer.article.hit1_ratio',
        workload: 'peer',
        label: 'hit@1 footnote ÷ peer (majority rule)',
        unit: 'x',
        target: { op: '>', value: 1 },
      },
      [share(ours) / share(strict)],
    );
  } else {
    book.note('The peer found no gold paragraph at rank 1 on the article, so there is no hit@1 ratio.');
  }
}

/**
 * Corpus-2 queries, footnote and peer interleaved question by question: footnote's full `ask`
 * (retrieval + extractive answer) and its retrieval part, the peer's `similaritySearch` (k=5).
 * Also hit@5: a gold speech among the documents of the top 5 paragraphs / chunks.
 */
export async function compareSotu(ctx: BenchContext, app: App, texts: Map<string, string>, questions: SpeechQuestion[]) {
  const { book, preset } = ctx;
  const embeddings = await peerEmbeddings(app);
  const sources: PeerSource[] = [...texts].map(([doc, text]) => ({ doc, text, paragraphs: [] }));
  ctx.progress(`peer: build over ${sources.length} speeches ×${preset.ingestRuns}`);
  let peer: PeerIndex | undefined;
  const builds = await repeat(preset.ingestRuns, async () => {
    peer = undefined; // let the previous store go before building the next
    peer = await buildPeer(sources, embeddings);
    return (peer.splitMs + peer.embedMs) / 1000;
  });
  ctx.settings.peerSotu = { chunks: peer!.chunks, splitter: PEER_SPLITTER, k: TOP_K };
  book.add({ id: 'peer.sotu.build_s', workload: 'peer', label: 'corpus-2 build: peer (split+embed)', unit: 's' }, builds);

  const hits = { footnote: [] as boolean[], peer: [] as boolean[] };
  for (const q of questions) {
    const ours = await app.footnote.ask(q.question);
    hits.footnote.push(ours.retrieved.slice(0, TOP_K).some((r) => q.gold.includes(r.doc)));
    hits.peer.push((await peerSearch(peer!, q.question, TOP_K)).some((c) => q.gold.includes(c.doc)));
  }
  book.add({ id: 'sotu.hit_at_5', workload: 'sotu', label: 'hit@5 (gold speech in top-5 paragraphs)', unit: 'ratio' }, [
    share(hits.footnote),
  ]);
  book.add({ id: 'peer.sotu.hit_at_5', workload: 'peer', label: 'corpus-2 hit@5: peer (gold speech in top-5 chunks)', unit: 'ratio' }, [
    share(hits.peer),
  ]);

  ctx.progress(`sotu: query latency ×${preset.runs} (${preset.passes} passes of ${questions.length}, interleaved with the peer)`);
  const asked = questions.map((q) => q.question);
  const runs = await repeat(preset.runs, async () => {
    const retrieve: number[] = [];
    const samples = await latencyRun(asked, preset.passes, {
      footnote: async (q) => retrieve.push((await app.footnote.ask(q)).timings.retrieveMs),
      peer: (q) => peerSearch(peer!, q, TOP_K),
    });
    return { footnote: samples.footnote!, peer: samples.peer!, retrieve };
  });
  const p = (xs: number[], q: number) => percentile(xs, q);
  book.add(
    { id: 'sotu.ask.p50_ms', workload: 'sotu', label: 'query latency p50 (full ask)', unit: 'ms' },
    runs.map((r) => p(r.footnote, 0.5)),
    4,
  );
  book.add(
    { id: 'sotu.ask.p95_ms', workload: 'sotu', label: 'query latency p95 (full ask)', unit: 'ms', target: { op: '<', value: 25 } },
    runs.map((r) => p(r.footnote, 0.95)),
    4,
  );
  book.add(
    { id: 'sotu.retrieve.p95_ms', workload: 'sotu', label: '  of which retrieval p95 (timings.retrieveMs)', unit: 'ms' },
    runs.map((r) => p(r.retrieve, 0.95)),
    4,
  );
  book.add(
    { id: 'peer.sotu.query_p50_ms', workload: 'peer', label: 'corpus-2 query p50: peer (similaritySearch k=5)', unit: 'ms' },
    runs.map((r) => p(r.peer, 0.5)),
    4,
  );
  book.add(
    { id: 'peer.sotu.query_p95_ms', workload: 'peer', label: 'corpus-2 query p95: peer', unit: 'ms' },
    runs.map((r) => p(r.peer, 0.95)),
    4,
  );
  book.add(
    { id: 'peer.sotu.p95_ratio', workload: 'peer', label: 'query p95 footnote full ask ÷ peer', unit: 'x', target: { op: '<', value: 1 } },
    runs.map((r) => p(r.footnote, 0.95) / p(r.peer, 0.95)),
  );
  book.add(
    { id: 'peer.sotu.retrieve_p95_ratio', workload: 'peer', label: '  like for like: footnote retrieval ÷ peer', unit: 'x' },
    runs.map((r) => p(r.retrieve, 0.95) / p(r.peer, 0.95)),
  );
}
