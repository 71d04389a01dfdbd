import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Progress } from '../domain/progress.js';
import { convertWinkToCache, winkVectorsPath } from './glove-convert.js';
import { GLOVE_HEADER_BYTES, GLOVE_PAGE_RANKS, GLOVE_WRONG_SIZE, gloveTable, readGloveLayout, type GloveTable } from './glove-format.js';

const MB = 1024 * 1024;

/**
 * Opens the binary GloVe cache, converting the wink JSON first when the cache is missing or
 * unreadable (about 13 s, once per cache folder, reported to `progress`; later starts read the
 * 7 MB of scales and words, and vectors a page at a time as words need them).
 */
export async function loadGloveTable(
  cacheFile: string,
  log?: Pick<Logger, 'info' | 'warn'>,
  progress?: Progress,
  sourceFile = winkVectorsPath(),
): Promise<GloveTable> {
  try {
    return openGloveCacheFile(cacheFile);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (!missing) log?.warn({ cacheFile, err: String(error) }, 'word-vector cache unreadable; rebuilding it');
    else log?.info({ cacheFile }, 'building the word-vector cache (once per cache folder, ~15 s)');
    const size = (await stat(sourceFile)).size;
    const step = progress?.start('converting the word vectors (once per cache folder)', { amount: Math.round(size / MB), unit: 'MB' });
    try {
      const result = await convertWinkToCache(cacheFile, sourceFile, (read) => step?.update(Math.round(read / MB)));
      step?.done(`${result.words.toLocaleString('en-US')} words`);
      log?.info({ cacheFile, ...result }, 'word-vector cache built');
    } catch (conversionError) {
      step?.fail();
      throw conversionError;
    }
    return openGloveCacheFile(cacheFile);
  }
}

/** Closes a table's file once the table is garbage: a table has no owner that could close it. */
const openFiles = new FinalizationRegistry<number>((fd) => closeSync(fd));

/**
 * Opens a cache file, reading its scales and lookup part now and vector pages when first asked.
 * Reading all 40 MB took ~150 ms of a ~800 ms cold question; a question needs a few pages.
 * The file stays open for the table's pages; a rebuilt cache replaces it by rename, so the
 * open file keeps its old, whole content.
 */
export function openGloveCacheFile(cacheFile: string): GloveTable {
  const fd = openSync(cacheFile, 'r');
  try {
    const readInto = (position: number, into: Uint8Array | Int8Array) => {
      if (readSync(fd, into, 0, into.byteLength, position) !== into.byteLength) throw new Error(GLOVE_WRONG_SIZE);
    };
    const read = (position: number, length: number) => {
      // allocUnsafeSlow: an unpooled buffer starts at offset 0, so typed-array views are aligned.
      const buf = Buffer.allocUnsafeSlow(length);
      readInto(position, buf);
      return buf;
    };
    const { size } = fstatSync(fd);
    const layout = readGloveLayout(read(0, Math.min(GLOVE_HEADER_BYTES, size)));
    if (size !== layout.size) throw new Error(GLOVE_WRONG_SIZE);
    const scales = new Float32Array(read(GLOVE_HEADER_BYTES, 4 * layout.count).buffer, 0, layout.count);
    const lookup = read(layout.lookupAt, layout.size - layout.lookupAt);
    // Zero-filled and untouched: resident only where pages are read into it.
    const vectors = new Int8Array(layout.count * layout.dims);
    const pageBytes = GLOVE_PAGE_RANKS * layout.dims;
    const table = gloveTable(layout, scales, lookup, vectors, (p, into) => readInto(layout.vectorsAt + p * pageBytes, into));
    openFiles.register(table, fd);
    return table;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}
