import path from 'node:path';
import { loadGloveTable } from '../src/embeddings/glove-cache.js';
import { SHARED_CACHE_DIR } from './helpers/app.js';

/**
 * Runs once before all test files: converts the GloVe vectors to the binary cache (~15 s on a
 * fresh clone) so parallel test files share it instead of each converting it.
 */
export default async function setup(): Promise<void> {
  await loadGloveTable(path.join(SHARED_CACHE_DIR, 'glove-sg100d.bin'));
}
