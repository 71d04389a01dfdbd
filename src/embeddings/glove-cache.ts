import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { convertWinkToCache } from './glove-convert.js';
import { openGloveCache, type GloveTable } from './glove-format.js';

/**
 * Opens the binary GloVe cache, converting the wink JSON first when the cache is missing or
 * unreadable (about 12 s once per machine; later starts read ~40 MB in well under a second).
 */
export async function loadGloveTable(cacheFile: string, log?: Pick<Logger, 'info' | 'warn'>): Promise<GloveTable> {
  try {
    return openGloveCache(await readFile(cacheFile));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (!missing) log?.warn({ cacheFile, err: String(error) }, 'word-vector cache unreadable; rebuilding it');
    else log?.info({ cacheFile }, 'building the word-vector cache (once per machine, ~15 s)');
    const result = await convertWinkToCache(cacheFile);
    log?.info({ cacheFile, ...result }, 'word-vector cache built');
    return openGloveCache(await readFile(cacheFile));
  }
}
