import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Invoker } from '../../commands/types.js';

/** Where something was asked, in our terms. */
export interface Place {
  guildId?: string;
  channelId: string;
  /** The parent channel when `channelId` is a thread. */
  parentId?: string;
  isDm: boolean;
}

const has = (bits: bigint, flag: bigint) => (bits & PermissionFlagsBits.Administrator) !== 0n || (bits & flag) !== 0n;

/**
 * The invoker from the member's permission bitfield (Discord sends it with every guild
 * interaction, already resolved for the channel). No member (a DM) means no moderation rights.
 */
export function invokerFrom(input: { userId: string; place: Place; permissions?: bigint | null; roleIds?: string[] }): Invoker {
  const bits = input.permissions ?? 0n;
  return {
    userId: input.userId,
    ...(input.place.guildId ? { guildId: input.place.guildId } : {}),
    channelId: input.place.channelId,
    canManageMessages: has(bits, PermissionFlagsBits.ManageMessages),
    canManageGuild: has(bits, PermissionFlagsBits.ManageGuild),
    roleIds: input.roleIds ?? [],
  };
}

/** May footnote answer here? An empty allow-list means everywhere; a thread counts as its parent channel. */
export function channelAllowed(allowedChannelIds: readonly string[], place: Pick<Place, 'channelId' | 'parentId'>): boolean {
  if (allowedChannelIds.length === 0) return true;
  return allowedChannelIds.includes(place.channelId) || (place.parentId !== undefined && allowedChannelIds.includes(place.parentId));
}
