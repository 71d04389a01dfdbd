// Slash-command options: the typed list a test writes (SlashOption) turned into the option payloads of an
// interaction's data, with the `resolved` map of the attachments, channels, users and roles they name.
import { memberObject } from './payloads.js';
import { EVERYONE_PERMISSIONS } from './permissions.js';
import type { FakeState } from './state.js';
import type { JsonObject } from './types.js';

export type SlashOption =
  | { name: string; type: 'string'; value: string; focused?: boolean }
  | { name: string; type: 'integer' | 'number'; value: number; focused?: boolean }
  | { name: string; type: 'boolean'; value: boolean }
  | {
      name: string;
      type: 'channel' | 'user' | 'role' | 'mentionable';
      value: string;
      /**
       * Channel options: the invoker's permissions in that channel, as Discord resolves them
       * (`resolved.channels[id].permissions`); default the invoker's `permissions`.
       */
      permissions?: string;
    }
  | { name: string; type: 'attachment'; file: { name: string; content: string | Buffer; contentType?: string } }
  | { name: string; type: 'subcommand' | 'subcommand_group'; options?: SlashOption[] };

const OPTION_TYPES: Record<SlashOption['type'], number> = {
  subcommand: 1,
  subcommand_group: 2,
  string: 3,
  integer: 4,
  boolean: 5,
  user: 6,
  channel: 7,
  role: 8,
  mentionable: 9,
  number: 10,
  attachment: 11,
};

/**
 * The option payloads for `opts`, filling `resolved` as Discord does (an attachment is added to the fake's
 * files first); an option naming an unknown channel, user or role throws.
 */
export function slashOptionPayloads(
  state: FakeState,
  opts: SlashOption[],
  resolved: Record<string, JsonObject>,
  channelId: string,
  guildId: string | null,
  memberPermissions: string,
): JsonObject[] {
  const bucket = (k: string): JsonObject => (resolved[k] ??= {});
  return opts.map((o) => {
    const out: JsonObject = { name: o.name, type: OPTION_TYPES[o.type] };
    if (o.type === 'subcommand' || o.type === 'subcommand_group') {
      out.options = slashOptionPayloads(state, o.options ?? [], resolved, channelId, guildId, memberPermissions);
      return out;
    }
    if (o.type === 'attachment') {
      const att: JsonObject = {
        ...state.addFile(o.file.name, o.file.content, o.file.contentType ?? 'text/plain; charset=utf-8', channelId),
        ephemeral: true,
      };
      bucket('attachments')[String(att.id)] = att;
      out.value = att.id;
      return out;
    }
    const value = (o as { value: string | number | boolean }).value;
    out.value = value;
    if ('focused' in o && o.focused) out.focused = true;
    const id = String(value);
    const channel = o.type === 'channel' || o.type === 'mentionable' ? state.channels.get(id) : undefined;
    if (o.type === 'channel') {
      if (!channel) throw new Error(`fake-discord: channel option ${o.name} refers to unknown channel ${id}`);
      const permissions = ('permissions' in o ? o.permissions : undefined) ?? memberPermissions;
      bucket('channels')[id] = { ...channel, permissions };
    }
    const user = o.type === 'user' || o.type === 'mentionable' ? state.users.get(id) : undefined;
    if (o.type === 'user' && !user) throw new Error(`fake-discord: user option ${o.name} refers to unknown user ${id}`);
    if (user) {
      bucket('users')[id] = user;
      const g = state.guild(guildId);
      if (g) bucket('members')[id] = { ...memberObject(null, [], g.joinedAt), permissions: EVERYONE_PERMISSIONS };
    }
    const role = o.type === 'role' || o.type === 'mentionable' ? state.guild(guildId)?.roles.find((r) => r.id === id) : undefined;
    if (role) bucket('roles')[id] = role;
    if (o.type === 'role' && !role) throw new Error(`fake-discord: role option ${o.name} refers to unknown role ${id}`);
    return out;
  });
}
