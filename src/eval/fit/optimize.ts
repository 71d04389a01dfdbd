/**
 * The two estimators the fit needs, by full-batch gradient descent (Adam) with an L2 penalty:
 * a conditional logit (softmax over the alternatives of one question, the positives' total
 * probability maximised) and a binary logistic regression. Small, dependency-free, deterministic.
 */

export interface ChoiceSample {
  /** One feature row per alternative. */
  x: number[][];
  /** Indices of the alternatives that are right. */
  positives: number[];
  weight: number;
}

export interface BinarySample {
  x: number[];
  y: 0 | 1;
  weight: number;
}

export interface FitOptions {
  l2: number;
  iterations: number;
  rate: number;
  /**
   * Per dimension, the sign a weight must keep (+1, −1; 0 or missing: free). What a feature
   * means fixes which way it may push ("a name missing from the window" never argues for
   * answering), so correlated features cannot buy a fit by pointing the wrong way.
   */
  signs?: readonly number[];
}

export const DEFAULT_FIT: FitOptions = { l2: 0.001, iterations: 800, rate: 0.05 };

function adam(dims: number, gradient: (w: number[]) => number[], o: FitOptions): number[] {
  const w = new Array<number>(dims).fill(0);
  const m = new Array<number>(dims).fill(0);
  const v = new Array<number>(dims).fill(0);
  for (let t = 1; t <= o.iterations; t++) {
    const g = gradient(w);
    for (let i = 0; i < dims; i++) {
      m[i] = 0.9 * m[i]! + 0.1 * g[i]!;
      v[i] = 0.999 * v[i]! + 0.001 * g[i]! * g[i]!;
      const mh = m[i]! / (1 - 0.9 ** t);
      const vh = v[i]! / (1 - 0.999 ** t);
      w[i] = w[i]! - (o.rate * mh) / (Math.sqrt(vh) + 1e-8);
      // Projected onto the allowed signs.
      const sign = o.signs?.[i] ?? 0;
      if (sign * w[i]! < 0) w[i] = 0;
    }
  }
  return w;
}

/** Weights maximising Σ weight · log P(a positive) − l2·|w|², P a softmax over alternatives. */
export function fitChoice(samples: ChoiceSample[], dims: number, o: FitOptions = DEFAULT_FIT): number[] {
  const total = samples.reduce((s, x) => s + x.weight, 0) || 1;
  // Flat rows and positive masks: the gradient runs hundreds of times over every alternative.
  const packed = samples.map((s) => ({
    x: Float64Array.from(s.x.flat()),
    n: s.x.length,
    pos: Uint8Array.from(s.x.map((_, i) => (s.positives.includes(i) ? 1 : 0))),
    w: s.weight / total,
  }));
  const maxN = Math.max(1, ...packed.map((s) => s.n));
  const e = new Float64Array(maxN);
  return adam(
    dims,
    (w) => {
      const g = w.map((wi) => 2 * o.l2 * wi);
      for (const s of packed) {
        let max = -Infinity;
        for (let j = 0; j < s.n; j++) {
          let z = 0;
          for (let i = 0; i < dims; i++) z += s.x[j * dims + i]! * w[i]!;
          e[j] = z;
          if (z > max) max = z;
        }
        let z = 0;
        let zp = 0;
        for (let j = 0; j < s.n; j++) {
          e[j] = Math.exp(e[j]! - max);
          z += e[j]!;
          if (s.pos[j]) zp += e[j]!;
        }
        // d(−log Σpos p)/dw = E_all[x] − E_pos[x]
        for (let j = 0; j < s.n; j++) {
          const coef = s.w * (e[j]! / z - (s.pos[j] ? e[j]! / zp : 0));
          if (coef !== 0) for (let i = 0; i < dims; i++) g[i]! += coef * s.x[j * dims + i]!;
        }
      }
      return g;
    },
    o,
  );
}

/** [bias, ...weights] of a logistic regression of y on x. */
export function fitLogistic(samples: BinarySample[], dims: number, o: FitOptions = DEFAULT_FIT): number[] {
  const total = samples.reduce((s, x) => s + x.weight, 0) || 1;
  return adam(
    dims + 1,
    (w) => {
      const g = w.map((wi, i) => (i === 0 ? 0 : 2 * o.l2 * wi));
      for (const s of samples) {
        const z = w[0]! + s.x.reduce((acc, xi, i) => acc + xi * w[i + 1]!, 0);
        const p = 1 / (1 + Math.exp(-z));
        const d = (s.weight / total) * (p - s.y);
        g[0]! += d;
        s.x.forEach((xi, i) => (g[i + 1]! += d * xi));
      }
      return g;
    },
    o,
  );
}
