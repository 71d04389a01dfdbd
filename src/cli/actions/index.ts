/**
 * The real action of every command, each imported only when its command runs (a cold `ask`
 * never loads discord.js, the bench or the eval reports). Add a command's action here and its
 * spec in ../specs/index.ts.
 */
import type { Actions } from '../program.js';

export const actions: Actions = {
  start: async (o, ctx) => (await import('./start.js')).start(o, ctx),
  ask: async (o, ctx) => (await import('./ask.js')).ask(o, ctx),
  summary: async (o, ctx) => (await import('./summary.js')).summary(o, ctx),
  ingest: async (o, ctx) => (await import('./ingest.js')).ingest(o, ctx),
  article: async (o, ctx) => (await import('./article.js')).article(o, ctx),
  eval: async (o, ctx) => (await import('./eval.js')).runEval(o, ctx),
  feedback: async (o, ctx) => (await import('./feedback.js')).feedback(o, ctx),
  quality: async (o, ctx) => (await import('./quality.js')).quality(o, ctx),
  fit: async (o, ctx) => (await import('./fit.js')).fit(o, ctx),
  'import-squad': async (o, ctx) => (await import('./import-squad.js')).importSquad(o, ctx),
  bench: async (o, ctx) => (await import('./bench.js')).bench(o, ctx),
  'bench-store': async (o, ctx) => (await import('./bench-store.js')).benchStore(o, ctx),
  'bench-articles': async (o, ctx) => (await import('./bench-articles.js')).benchArticles(o, ctx),
  soak: async (o, ctx) => (await import('./soak.js')).soak(o, ctx),
  burst: async (o, ctx) => (await import('./burst.js')).burst(o, ctx),
  'deploy-commands': async (o, ctx) => (await import('./deploy-commands.js')).deployCommands(o, ctx),
};
