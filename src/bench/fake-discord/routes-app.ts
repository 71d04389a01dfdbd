// Gateway discovery, users, application, application commands and guild read routes.
import { guildCreatePayload } from './guilds.js';
import { snowflake } from './ids.js';
import { discordError, type Reply } from './messages.js';
import { memberObject } from './payloads.js';
import { json, noContent, route, type Route, type RouteCtx } from './rest.js';
import type { JsonObject } from './types.js';

function application(ctx: RouteCtx): JsonObject {
  const { state } = ctx;
  return {
    id: state.appId,
    name: state.bot.username,
    icon: null,
    description: '',
    summary: '',
    type: null,
    bot: state.bot,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: 'a'.repeat(64),
    flags: 1 << 23,
    owner: state.testUser,
    team: null,
    guild_id: null,
    approximate_guild_count: state.guilds.length,
    approximate_user_install_count: 0,
    redirect_uris: [],
    interactions_endpoint_url: null,
    tags: [],
    install_params: { scopes: ['bot', 'applications.commands'], permissions: '0' },
    integration_types_config: { 0: { oauth2_install_params: null } },
    rpc_origins: [],
    hook: true,
    is_monetized: false,
    is_verified: false,
    is_discoverable: false,
    storefront_available: false,
  };
}

const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function badCommand(path: string[], message: string): Reply {
  let errors: JsonObject = { _errors: [{ code: 'APPLICATION_COMMAND_INVALID', message }] };
  for (const key of [...path].reverse()) errors = { [key]: errors };
  return discordError(400, 50035, 'Invalid Form Body', errors);
}

/** The checks Discord applies to command definitions (names, descriptions, counts). */
function validateCommand(c: JsonObject, path: string[]): Reply | null {
  const chatInput = (c.type ?? 1) === 1;
  const name = typeof c.name === 'string' ? c.name : '';
  // User and message (context-menu) commands may use capitals and spaces.
  const nameOk = chatInput ? NAME.test(name) && name === name.toLowerCase() : name.trim().length > 0 && [...name].length <= 32;
  if (!nameOk) return badCommand([...path, 'name'], `Invalid name "${name}"`);
  const desc = typeof c.description === 'string' ? c.description : '';
  if (chatInput && (desc.length < 1 || desc.length > 100))
    return badCommand([...path, 'description'], 'Must be between 1 and 100 in length.');
  const options = Array.isArray(c.options) ? (c.options as JsonObject[]) : [];
  if (options.length > 25) return badCommand([...path, 'options'], 'Must be 25 or fewer in length.');
  for (const [i, o] of options.entries()) {
    const bad = validateCommand({ ...o, type: 1 }, [...path, 'options', String(i)]);
    if (bad) return bad;
    if (Array.isArray(o.choices) && o.choices.length > 25)
      return badCommand([...path, 'options', String(i), 'choices'], 'Must be 25 or fewer in length.');
  }
  return null;
}

function commandObject(ctx: RouteCtx, c: JsonObject, existing: JsonObject[], guildId: string | null): JsonObject {
  const prev = existing.find((e) => e.name === c.name && (e.type ?? 1) === (c.type ?? 1));
  return {
    name_localizations: null,
    description_localizations: null,
    options: [],
    default_member_permissions: null,
    dm_permission: true,
    nsfw: false,
    integration_types: [0],
    contexts: null,
    ...c,
    id: prev?.id ?? snowflake(),
    application_id: ctx.state.appId,
    version: snowflake(),
    type: c.type ?? 1,
    description: c.description ?? '',
    ...(guildId ? { guild_id: guildId } : {}),
  };
}

function commandList(ctx: RouteCtx): { list: JsonObject[]; guildId: string | null } | null {
  const guildId = ctx.params.guildId ?? null;
  if (ctx.params.appId !== ctx.state.appId) return null;
  if (!guildId) return { list: ctx.state.globalCommands, guildId };
  if (!ctx.state.guild(guildId)) return null;
  const list = ctx.state.guildCommands.get(guildId) ?? [];
  ctx.state.guildCommands.set(guildId, list);
  return { list, guildId };
}

const unknownApp = (): Reply => discordError(404, 10002, 'Unknown Application');
const unknownCommand = (): Reply => discordError(404, 10063, 'Unknown application command');

function commandRoutes(base: string): Route[] {
  return [
    route('GET', base, (ctx) => {
      const l = commandList(ctx);
      return l ? json(l.list) : unknownApp();
    }),
    route('PUT', base, (ctx) => {
      const l = commandList(ctx);
      if (!l) return unknownApp();
      const defs = Array.isArray(ctx.rawBody) ? (ctx.rawBody as JsonObject[]) : [];
      if (defs.length > 100) return badCommand([], 'Must be 100 or fewer in length.');
      for (const [i, c] of defs.entries()) {
        const bad = validateCommand(c, [String(i)]);
        if (bad) return bad;
      }
      const next = defs.map((c) => commandObject(ctx, c, l.list, l.guildId));
      l.list.splice(0, l.list.length, ...next);
      return json(next);
    }),
    route('POST', base, (ctx) => {
      const l = commandList(ctx);
      if (!l) return unknownApp();
      const bad = validateCommand(ctx.body, []);
      if (bad) return bad;
      const cmd = commandObject(ctx, ctx.body, l.list, l.guildId);
      const i = l.list.findIndex((e) => e.id === cmd.id);
      if (i >= 0) l.list[i] = cmd;
      else l.list.push(cmd);
      return json(cmd, i >= 0 ? 200 : 201);
    }),
    route('GET', `${base}/:commandId`, (ctx) => {
      const cmd = commandList(ctx)?.list.find((c) => c.id === ctx.params.commandId);
      return cmd ? json(cmd) : unknownCommand();
    }),
    route('PATCH', `${base}/:commandId`, (ctx) => {
      const cmd = commandList(ctx)?.list.find((c) => c.id === ctx.params.commandId);
      if (!cmd) return unknownCommand();
      Object.assign(cmd, ctx.body, { version: snowflake() });
      return json(cmd);
    }),
    route('DELETE', `${base}/:commandId`, (ctx) => {
      const l = commandList(ctx);
      const i = l?.list.findIndex((c) => c.id === ctx.params.commandId) ?? -1;
      if (!l || i < 0) return unknownCommand();
      l.list.splice(i, 1);
      return noContent();
    }),
  ];
}

function guildOr404(ctx: RouteCtx, f: (id: string) => unknown): Reply {
  const g = ctx.state.guild(ctx.params.guildId);
  return g ? json(f(g.id)) : discordError(404, 10004, 'Unknown Guild');
}

export const appRoutes: Route[] = [
  route('GET', '/gateway', (ctx) => json({ url: ctx.config.wsUrl }), false),
  route('GET', '/gateway/bot', (ctx) =>
    json({
      url: ctx.config.wsUrl,
      shards: ctx.config.shards,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: ctx.config.maxConcurrency },
    }),
  ),
  route('GET', '/users/@me', (ctx) =>
    json({ ...ctx.state.bot, verified: true, mfa_enabled: false, locale: 'en-US', email: null, bio: '' }),
  ),
  route('POST', '/users/@me/channels', (ctx) => {
    const user = ctx.state.users.get(String(ctx.body.recipient_id ?? ''));
    return user ? json(ctx.state.dmChannelFor(user)) : discordError(400, 50007, 'Cannot send messages to this user');
  }),
  route('GET', '/users/:userId', (ctx) => {
    const user = ctx.state.users.get(ctx.params.userId ?? '');
    return user ? json(user) : discordError(404, 10013, 'Unknown User');
  }),
  route('GET', '/applications/@me', (ctx) => json(application(ctx))),
  route('PATCH', '/applications/@me', (ctx) => json({ ...application(ctx), ...ctx.body })),
  route('GET', '/oauth2/applications/@me', (ctx) => json(application(ctx))),
  ...commandRoutes('/applications/:appId/commands'),
  ...commandRoutes('/applications/:appId/guilds/:guildId/commands'),
  route('GET', '/guilds/:guildId', (ctx) =>
    guildOr404(ctx, (id) => {
      const g = ctx.state.guild(id);
      if (!g) return {};
      const full = guildCreatePayload(g, ctx.state.guildChannels(id), ctx.state.bot);
      for (const k of ['channels', 'threads', 'members', 'presences', 'voice_states', 'joined_at', 'large', 'member_count']) delete full[k];
      return full;
    }),
  ),
  route('GET', '/guilds/:guildId/channels', (ctx) =>
    guildOr404(ctx, (id) => ctx.state.guildChannels(id).filter((c) => !('thread_metadata' in c))),
  ),
  route('GET', '/guilds/:guildId/roles', (ctx) => guildOr404(ctx, (id) => ctx.state.guild(id)?.roles ?? [])),
  route('GET', '/guilds/:guildId/members/:userId', (ctx) => {
    const g = ctx.state.guild(ctx.params.guildId);
    const user = ctx.state.users.get(ctx.params.userId ?? '');
    if (!g) return discordError(404, 10004, 'Unknown Guild');
    const members = ctx.state.guildMembers.get(g.id);
    if (!user || (members && user.id !== ctx.state.botId && !members.has(String(user.id))))
      return discordError(404, 10007, 'Unknown Member');
    return json(memberObject(user, user.id === ctx.state.botId ? [g.botRoleId] : [], g.joinedAt));
  }),
];
