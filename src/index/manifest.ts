import { z } from 'zod';

/**
 * Bump when the on-disk layout or the chunking rules change: old indexes are then rebuilt.
 * (4: entities.json; 10: titles from front matter that is not valid YAML; 11: places named in the possessive;
 * 12: given names a text drops; 13: words the corpus always capitalises; 14: its capitalised titles; 15: names the lexicon does not know;
 * 16: small words written as names, "He"; 17: "America" among the names of the United States;
 * 18: sentence texts stored once, in their paragraph; 19: the roles the corpus gives its people;
 * 20: BM25 in flat arrays, not MiniSearch's saved form)
 */
export const INDEX_FORMAT_VERSION = 20;

export const BUILD_FILES = ['sentences.hnsw', 'paragraphs.hnsw', 'docstore.json', 'lexical.json', 'entities.json'] as const;
export type BuildFile = (typeof BUILD_FILES)[number];

const manifestSchema = z.object({
  formatVersion: z.number().int(),
  corpusHash: z.string(),
  embeddingModel: z.string(),
  dimensions: z.number().int().positive(),
  build: z.string().regex(/^[\w.-]+$/),
  createdAt: z.string(),
  counts: z.object({ documents: z.number(), paragraphs: z.number(), sentences: z.number() }),
  checksums: z.record(z.string(), z.string()),
});

/** Describes one complete index build; written last, so a manifest never points at half a build. */
export type Manifest = z.infer<typeof manifestSchema>;

/**
 * The manifest in `json`, or what is wrong with it in a few words: a manifest that exists but
 * does not parse is damage worth a warning, unlike one that is missing (no index yet).
 */
export function checkManifest(json: string): { manifest: Manifest } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { problem: `manifest.json is not JSON (${(error as Error).message})` };
  }
  const result = manifestSchema.safeParse(value);
  if (result.success) return { manifest: result.data };
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return { problem: `manifest.json is not an index manifest (${where}${issue?.message ?? 'invalid'})` };
}

/** Why an index on disk cannot serve the current corpus and embeddings, or undefined if it can. */
export function staleReason(m: Manifest, want: { corpusHash: string; embeddingModel: string; dimensions: number }): string | undefined {
  if (m.formatVersion !== INDEX_FORMAT_VERSION) return `format ${m.formatVersion} ≠ ${INDEX_FORMAT_VERSION}`;
  if (m.embeddingModel !== want.embeddingModel) return `embeddings changed (${m.embeddingModel} → ${want.embeddingModel})`;
  if (m.dimensions !== want.dimensions) return `dimensions changed (${m.dimensions} → ${want.dimensions})`;
  if (m.corpusHash !== want.corpusHash) return 'corpus changed';
  return undefined;
}
