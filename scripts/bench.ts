import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBenchCli } from '../src/bench/cli.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.resolve(process.env.CACHE_DIR || path.join(process.env.DATA_DIR || path.join(repo, 'data'), 'cache'));
process.exitCode = await runBenchCli(process.argv.slice(2), { repo, cacheDir, stdout: process.stdout, stderr: process.stderr });
