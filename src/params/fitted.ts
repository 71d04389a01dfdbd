/**
 * The fitted parameters of ranking, answer selection and declining: every weight and threshold
 * those steps use, read from `fitted.json`, which `npm run fit` writes (with the names and
 * hashes of the question sets it was fitted on and its held-out results). Nothing here is set by
 * hand; the file is validated once, on first use.
 */
import { z } from 'zod';
import raw from './fitted.json' with { type: 'json' };

/** Paragraph features, in the order a weight vector uses them. */
export const RANK_FEATURES = [
  'bm25',
  'bm25_rr',
  'dense_p',
  'dense_s',
  'cover_p',
  'cover_s',
  'cover_2',
  'idf_s',
  'bigram_s',
  'names_p',
  'typed_p',
  'speech_p',
  'lead',
  'counted_p',
] as const;
/** Window features (one or two consecutive sentences of a paragraph). */
export const WINDOW_FEATURES = ['para', 'support', 'cover', 'dense', 'typed', 'two', 'speech', 'role'] as const;
/** Features of the chosen window that say whether the question is answered at all. */
export const DECLINE_FEATURES = [
  'support',
  'support_known',
  'cover',
  'missing_p',
  'missing_name',
  'missing_title',
  'missing_number',
  'unknown',
  'unknown_near',
  'unknown_name',
  'dense',
  'type_missing',
  'role_missing',
  'role_unknown',
] as const;

/**
 * Which way each decline feature may move the odds of answering: evidence found (+1) or evidence
 * missing (−1). The fit keeps these signs.
 */
export const DECLINE_SIGNS: Record<DeclineFeature, 1 | -1> = {
  support: 1,
  support_known: 1,
  cover: 1,
  missing_p: -1,
  missing_name: -1,
  missing_title: -1,
  missing_number: -1,
  unknown: -1,
  unknown_near: 1,
  unknown_name: -1,
  dense: 1,
  type_missing: -1,
  role_missing: -1,
  role_unknown: -1,
};

/** Features of a candidate answer phrase (an entity of the asked kind in the quote). */
export const SHORT_FEATURES = ['near', 'fresh', 'sentence', 'title', 'apposition', 'short'] as const;

export type RankFeature = (typeof RANK_FEATURES)[number];
export type WindowFeature = (typeof WINDOW_FEATURES)[number];
export type DeclineFeature = (typeof DECLINE_FEATURES)[number];
export type ShortFeature = (typeof SHORT_FEATURES)[number];

const weights = <T extends readonly [string, ...string[]]>(names: T) =>
  z.strictObject(Object.fromEntries(names.map((n) => [n, z.number()])) as Record<T[number], z.ZodNumber>);

const paramsSchema = z.object({
  version: z.number().int(),
  fittedAt: z.string(),
  /** The question sets fitted on: name, file, sha256 of the questions and of the corpus. */
  data: z.array(z.object({ name: z.string(), questions: z.string(), sha256: z.string(), corpusSha256: z.string() })),
  retrieval: z.object({
    bm25: z.object({ k: z.number().positive(), b: z.number().min(0).max(1), d: z.number().min(0) }),
  }),
  /** Term matching: word-vector partial credit (see answer/support.ts) and the IDF floor of term weights. */
  match: z.object({ softFloor: z.number().min(0).max(1), softMax: z.number().min(0).max(1), idfFloor: z.number().min(0).max(1) }),
  rank: z.object({ weights: weights(RANK_FEATURES) }),
  window: z.object({ paragraphs: z.number().int().positive(), weights: weights(WINDOW_FEATURES) }),
  decline: z.object({
    bias: z.number(),
    weights: weights(DECLINE_FEATURES),
    /** Answer when the logit reaches this (false declines ≤ 5% on the training sets). */
    threshold: z.number(),
  }),
  /** The answer phrase chosen among the quote's entities of the asked kind. */
  short: z.object({ weights: weights(SHORT_FEATURES) }),
  /** The fit's own settings: the L2 penalty of every model (chosen by held-out quality). */
  fit: z.object({ l2: z.number().positive() }).optional(),
  /** What the fit measured (held-out figures); informational. */
  report: z.unknown().optional(),
});

export type FittedParams = z.infer<typeof paramsSchema>;

let cached: FittedParams | undefined;

/** The shipped parameters (validated on first call). */
export function fittedParams(): FittedParams {
  cached ??= paramsSchema.parse(raw);
  return cached;
}

export function parseFittedParams(json: unknown): FittedParams {
  return paramsSchema.parse(json);
}

/** w·x for a feature record and a weight record over the same names. */
export function dot<K extends string>(weights: Record<K, number>, features: Record<K, number>): number {
  let s = 0;
  for (const k in weights) s += weights[k] * features[k];
  return s;
}
