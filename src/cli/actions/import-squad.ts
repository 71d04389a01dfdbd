import { writeSquadBenchmarks } from '../../eval/squad.js';
import type { Outcome } from '../exit.js';
import type { CommandContext } from '../program.js';
import type { ImportSquadOptions } from '../specs/import-squad.js';

/** `import-squad FILE --out DIR`: one benchmark folder per article. */
export async function importSquad(options: ImportSquadOptions, { io }: CommandContext): Promise<Outcome> {
  const benchmarks = await writeSquadBenchmarks(options.file, options.out);
  for (const b of benchmarks) {
    io.stdout.write(
      `${b.doc}: ${b.counts.paragraphs} paragraphs, ${b.counts.answerable} answerable and ${b.counts.unanswerable} unanswerable questions → ${options.out}/${b.doc}\n`,
    );
  }
  return 'ok';
}
