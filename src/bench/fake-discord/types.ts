// Public types of the loopback Discord fake (see index.ts for the entry point).

/** A loose JSON object, as sent over the wire. */
export type JsonObject = Record<string, unknown>;

export interface FakeChannelInput {
  id?: string;
  name?: string;
  /** Discord channel type; default 0 (GUILD_TEXT). 11/12 make a thread (needs parentId). */
  type?: number;
  parentId?: string;
  topic?: string | null;
  /** Permission overwrites as Discord sends them (type 0 role, 1 member; allow/deny bitfields as decimal strings). */
  permissionOverwrites?: Array<{ id: string; type: 0 | 1; allow?: string; deny?: string }>;
}

export interface FakeRoleInput {
  id?: string;
  name?: string;
  /** Permission bitfield as a decimal string. */
  permissions?: string;
}

export interface FakeGuild {
  /** Snowflake; when omitted one is generated that routes to the guild's index-th shard. */
  id?: string;
  name?: string;
  /** Default: one text channel named "general". */
  channels?: FakeChannelInput[];
  roles?: FakeRoleInput[];
  memberCount?: number;
  ownerId?: string;
  locale?: string;
}

export interface FakeBotUser {
  id?: string;
  username?: string;
  global_name?: string | null;
  discriminator?: string;
  avatar?: string | null;
}

export interface FakeDiscordOptions {
  /** Recommended shard count returned by GET /gateway/bot (routing uses the count each IDENTIFY sends). Default 1. */
  shards?: number;
  /** Default: one guild per shard, each with a "general" text channel. */
  guilds?: FakeGuild[];
  botUser?: FakeBotUser;
  /** Application id; default = bot user id (as for every modern bot). */
  appId?: string;
  /** HELLO heartbeat_interval in ms. Default 1000 (real Discord: 41250). */
  heartbeatIntervalMs?: number;
  /** Token handed out as `fake.token`. */
  token?: string;
  /** When true, only `token` is accepted (REST 401 code 0, gateway close 4004); default: any token. */
  requireToken?: boolean;
  /**
   * Echo the bot's own non-ephemeral messages back as MESSAGE_CREATE / MESSAGE_UPDATE dispatches,
   * like real Discord does. Default true.
   */
  echoBotMessages?: boolean;
  /** session_start_limit.max_concurrency. Default 16 so one Client with many shards identifies without a 5 s wait. */
  maxConcurrency?: number;
  /**
   * Whether the app may use the privileged Message Content intent. When false, an IDENTIFY asking
   * for it is closed with 4014 (Disallowed intent(s)), as Discord does. Default true.
   */
  messageContentIntent?: boolean;
}

export interface RecordedFile {
  /** Multipart field name, e.g. "files[0]". */
  field: string;
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
  /** content decoded as UTF-8 (convenience for text files). */
  text: string;
}

export interface RecordedRequest {
  seq: number;
  at: number;
  method: string;
  /** Path without the `/api[/vN]` prefix and without the query, e.g. `/channels/123/messages`. */
  path: string;
  /** Original request URL (path + query). */
  url: string;
  query: Record<string, string>;
  /** API version from the URL (`/api/v10` → 10), null when unversioned. */
  version: number | null;
  /** Lower-cased request headers. */
  headers: Record<string, string>;
  authorization: string | undefined;
  /** Parsed JSON body (or the multipart `payload_json`), null when absent. */
  body: unknown;
  files: RecordedFile[];
  /** Non-file multipart fields other than payload_json. */
  formFields: Record<string, string>;
  /** The matched route, e.g. `PATCH /webhooks/:appId/:token/messages/:messageId`, or null (404). */
  route: string | null;
  status: number;
  /** JSON body the fake answered with (undefined for 204). */
  response: unknown;
  /** Set when the answer came from failNext(). */
  fault?: number;
}

export interface FaultSpec {
  /** HTTP method to match (case-insensitive); any when omitted. */
  method?: string;
  /** Matched against RecordedRequest.path (no `/api/v10` prefix, no query). A string matches as a substring. */
  pathPattern: string | RegExp;
  status: 429 | 500 | 502 | 503 | 504;
  /** For 429: seconds sent in `retry-after` and `retry_after`. Default 0.2. */
  retryAfterSec?: number;
  /** How many matching requests fail. Default 1. */
  times?: number;
  /** For 429: mark the limit global (adds `x-ratelimit-global`). Default false. */
  global?: boolean;
}

export interface IdentifyRecord {
  at: number;
  connectionId: number;
  shard: [number, number];
  intents: number;
  token: string;
  /** The full IDENTIFY `d` payload. */
  payload: JsonObject;
}

export interface GatewayLogEntry {
  at: number;
  /** `in` = sent by the client, `out` = sent by the fake. */
  dir: 'in' | 'out';
  connectionId: number;
  shardId: number | null;
  sessionId: string | null;
  op: number;
  t: string | null;
  s: number | null;
  d: unknown;
}

export interface DownloadRecord {
  at: number;
  path: string;
  status: number;
}
