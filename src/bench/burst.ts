// A burst of /ask interactions through the fake Discord, and what Discord saw of each one.
// Shared by test/discord-load.test.ts (a small burst) and `footnote burst` (the full 500).
import { percentile } from '../stats/percentile.js';
import type { BuiltInteraction, FakeDiscord, RecordedRequest } from './fake-discord/index.js';

export interface BurstPlan {
  interactions: number;
  users: number;
  /** The interactions are dispatched evenly over this many ms. */
  overMs: number;
  questions: readonly string[];
}

/** How an interaction ended, from what the person would see. */
export type Outcome = 'answer' | 'cooldown' | 'busy' | 'error' | 'other' | 'none';

export interface InteractionOutcome {
  id: string;
  userId: string;
  dispatchedAt: number;
  /** Callback types Discord accepted, in order (exactly one is right). */
  callbacks: number[];
  /** Callback arrival minus dispatch (the 3 s window), for the first callback. */
  ackMs?: number;
  /** Arrival of the message that answered (immediate reply, @original edit or follow-up) minus dispatch. */
  answerMs?: number;
  outcome: Outcome;
  /** Successful PATCHes of @original. */
  edits: number;
  followUps: number;
  /** Requests Discord refused with 40060 "already acknowledged". */
  alreadyAcknowledged: number;
}

export interface BurstReport {
  outcomes: InteractionOutcome[];
  counts: Record<Outcome, number>;
  ackMs: { p50: number; p95: number; max: number };
  answerMs: { p50: number; p95: number; max: number };
  /** Every broken promise, one line each; empty when the burst went right. */
  problems: string[];
}

const isCallback = (r: RecordedRequest) => r.method === 'POST' && r.path.startsWith('/interactions/') && r.path.endsWith('/callback');
const webhookToken = (fake: FakeDiscord, r: RecordedRequest) => {
  const m = new RegExp(`^/webhooks/${fake.appId}/([^/]+)`).exec(r.path);
  return m?.[1];
};

function classify(content: string, components: unknown): Outcome {
  if (JSON.stringify(components ?? []).includes('"fb:')) return 'answer';
  if (/questions? in the last \d+ s/.test(content)) return 'cooldown';
  if (content.includes('answering a lot of questions')) return 'busy';
  if (content.includes('Something went wrong')) return 'error';
  return 'other';
}

/** Sends `plan.interactions` /ask interactions, round-robin over `plan.users`, spread over `plan.overMs`. */
export async function sendBurst(fake: FakeDiscord, plan: BurstPlan, guildId?: string): Promise<BuiltInteraction[]> {
  const users = Array.from({ length: plan.users }, (_, n) => ({ id: undefined as string | undefined, username: `burst${n}` }));
  const sent: BuiltInteraction[] = [];
  const started = Date.now();
  for (let n = 0; n < plan.interactions; n++) {
    const due = started + (plan.overMs * n) / plan.interactions;
    if (due > Date.now() + 2) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    const u = users[n % users.length]!;
    const question = plan.questions[n % plan.questions.length]!;
    const i = fake.sendInteraction(
      fake.build.slash({
        name: 'ask',
        options: [{ name: 'question', type: 'string', value: question }],
        user: u.id ? { id: u.id, username: u.username } : { username: u.username },
        ...(guildId ? { guildId } : {}),
      }),
    );
    u.id ??= String((i.member as { user: { id: string } }).user.id);
    sent.push(i);
  }
  return sent;
}

/** Per interaction token: the requests Discord got for it (callback and webhook calls). */
function requestsByToken(fake: FakeDiscord): Map<string, RecordedRequest[]> {
  const byToken = new Map<string, RecordedRequest[]>();
  for (const r of fake.requests) {
    const token = isCallback(r) ? r.path.split('/')[3] : webhookToken(fake, r);
    if (!token) continue;
    const list = byToken.get(token) ?? [];
    list.push(r);
    byToken.set(token, list);
  }
  return byToken;
}

/** The request that showed the person their reply, if there is one yet. */
function finalMessage(fake: FakeDiscord, reqs: RecordedRequest[]): RecordedRequest | undefined {
  return reqs.find(
    (r) =>
      r.status < 300 &&
      ((isCallback(r) && (r.body as { type?: number } | null)?.type === 4) ||
        (r.method === 'PATCH' && r.path.endsWith('/messages/@original')) ||
        (r.method === 'POST' && webhookToken(fake, r) !== undefined)),
  );
}

/** Waits until every interaction has its reply (or `timeoutMs` passes); resolves with how many still lack one. */
export async function waitForReplies(fake: FakeDiscord, sent: readonly BuiltInteraction[], timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const byToken = requestsByToken(fake);
    const missing = sent.filter((i) => !finalMessage(fake, byToken.get(i.token) ?? [])).length;
    if (missing === 0 || Date.now() > deadline) return missing;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Reads the fake's records for each interaction; call after the bot has stopped so late duplicates show. */
export function analyseBurst(fake: FakeDiscord, sent: readonly BuiltInteraction[]): BurstReport {
  const dispatched = new Map<string, number>();
  for (const e of fake.gatewayLog) {
    if (e.dir === 'out' && e.t === 'INTERACTION_CREATE') dispatched.set(String((e.d as { id: string }).id), e.at);
  }
  const byToken = requestsByToken(fake);
  const problems: string[] = [];
  const outcomes = sent.map((i): InteractionOutcome => {
    const reqs = byToken.get(i.token) ?? [];
    const dispatchedAt = dispatched.get(i.id) ?? NaN;
    const callback = reqs.find((r) => isCallback(r) && r.status < 300);
    const final = finalMessage(fake, reqs);
    const body = (final?.body ?? {}) as { data?: { content?: string; components?: unknown }; content?: string; components?: unknown };
    const shown = isCallback(final ?? ({} as RecordedRequest)) ? (body.data ?? {}) : body;
    const o: InteractionOutcome = {
      id: i.id,
      userId: String((i.member as { user: { id: string } }).user.id),
      dispatchedAt,
      callbacks: fake.interaction(i.id)?.callbacks ?? [],
      ...(callback ? { ackMs: callback.at - dispatchedAt } : {}),
      ...(final ? { answerMs: final.at - dispatchedAt } : {}),
      outcome: final ? classify(String(shown.content ?? ''), shown.components) : 'none',
      edits: reqs.filter((r) => r.method === 'PATCH' && r.path.endsWith('/@original') && r.status < 300).length,
      followUps: reqs.filter((r) => r.method === 'POST' && !isCallback(r) && r.status < 300).length,
      alreadyAcknowledged: reqs.filter((r) => (r.response as { code?: number } | undefined)?.code === 40060).length,
    };
    if (o.callbacks.length !== 1) problems.push(`${i.id}: ${o.callbacks.length} callbacks (${o.callbacks.join(',')})`);
    if (o.alreadyAcknowledged) problems.push(`${i.id}: ${o.alreadyAcknowledged} × 40060 already acknowledged`);
    if (o.ackMs === undefined || !(o.ackMs <= 3000)) problems.push(`${i.id}: acknowledged after ${o.ackMs ?? 'never'} ms`);
    if (o.outcome === 'none') problems.push(`${i.id}: no reply`);
    if (o.outcome === 'error' || o.outcome === 'other')
      problems.push(`${i.id}: unexpected reply (${o.outcome}): ${String(shown.content).slice(0, 80)}`);
    // A deferred public answer is one @original edit; more would be a second answer.
    if (o.callbacks[0] === 5 && o.outcome === 'answer' && o.edits !== 1) problems.push(`${i.id}: ${o.edits} @original edits`);
    return o;
  });
  const counts: Record<Outcome, number> = { answer: 0, cooldown: 0, busy: 0, error: 0, other: 0, none: 0 };
  for (const o of outcomes) counts[o.outcome]++;
  const stats = (xs: number[]) =>
    xs.length ? { p50: percentile(xs, 0.5), p95: percentile(xs, 0.95), max: Math.max(...xs) } : { p50: NaN, p95: NaN, max: NaN };
  return {
    outcomes,
    counts,
    problems,
    ackMs: stats(outcomes.flatMap((o) => (o.ackMs === undefined ? [] : [o.ackMs]))),
    answerMs: stats(outcomes.flatMap((o) => (o.answerMs === undefined ? [] : [o.answerMs]))),
  };
}

export interface BurstRun {
  interactions: number;
  users: number;
  overMs: number;
  shards: number;
  /** Where the bot ran: "in this process" or "in its own process". */
  where: string;
  settledMs: number;
}

/** The report as `footnote burst` prints it. */
export function renderBurst(r: BurstReport, o: BurstRun): string {
  const c = r.counts;
  return [
    `burst: ${o.interactions} /ask from ${o.users} users over ${o.overMs} ms, ${o.shards > 1 ? `${o.shards} shards` : 'unsharded'}, bot ${o.where}`,
    `  replies: ${c.answer} answers, ${c.cooldown} cooldown notices, ${c.busy} busy notices, ${c.error} errors, ${c.other} other, ${c.none} without a reply`,
    `  acknowledged: p50 ${r.ackMs.p50} ms, p95 ${r.ackMs.p95} ms, max ${r.ackMs.max} ms (Discord allows 3000)`,
    `  time to reply: p50 ${r.answerMs.p50} ms, p95 ${r.answerMs.p95} ms, max ${r.answerMs.max} ms; all replied ${o.settledMs} ms after the first dispatch`,
    r.problems.length
      ? `  PROBLEMS (${r.problems.length}):\n${r.problems
          .slice(0, 20)
          .map((p) => `    ${p}`)
          .join('\n')}`
      : '  ok: every interaction acknowledged in time and answered exactly once',
  ].join('\n');
}
