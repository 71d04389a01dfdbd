/** Timing loops shared by the workloads; each takes the operation to time as a function. */

export type Operation = (question: string) => Promise<unknown>;

/**
 * One latency run: every question `passes` times, each operation timed on its own, with the
 * operations interleaved question by question. Interleaving makes comparisons fair on a
 * shared machine: a burst of load from elsewhere hits all of them, not just one.
 */
export async function latencyRun(
  questions: readonly string[],
  passes: number,
  ops: Record<string, Operation>,
): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(ops).map((k) => [k, []]));
  for (let pass = 0; pass < passes; pass++) {
    for (const q of questions) {
      for (const [name, op] of Object.entries(ops)) {
        const t = performance.now();
        await op(q);
        samples[name]!.push(performance.now() - t);
      }
    }
  }
  return samples;
}

/**
 * Questions per second with `concurrency` callers sharing one process: each caller takes the
 * next question as soon as its previous answer is back, until `total` have been answered.
 */
export async function throughput(questions: readonly string[], total: number, concurrency: number, op: Operation): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const q = questions[next++ % questions.length]!;
      await op(q);
    }
  };
  const t = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / ((performance.now() - t) / 1000);
}

/** Runs `fn` `runs` times and returns each run's result, in order. */
export async function repeat<T>(runs: number, fn: (run: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < runs; i++) out.push(await fn(i));
  return out;
}
