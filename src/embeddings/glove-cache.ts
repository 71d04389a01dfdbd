import { readFile, stat } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Progress } from '../domain/progress.js';
import { convertWinkToCache, winkVectorsPath } from './glove-convert.js';
import { openGloveCache, type GloveTable } from './glove-format.js';

const MB = 1024 * 1024;

/**
 * Opens the binary GloVe cache, converting the wink JSON first when the cache is missing or
 * unreadable (about 13 s, once per cache folder, reported to `progress`; later starts read ~40 MB
 * in well under a second).
 */
export async function loadGloveTable(
  cacheFile: string,
  log?: Pick<Logger, 'info' | 'warn'>,
  progress?: Progress,
  sourceFile = winkVectorsPath(),
): Promise<GloveTable> {
  try {
    return openGloveCache(await readFile(cacheFile));
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
    return openGloveCache(await readFile(cacheFile));
  }
}
