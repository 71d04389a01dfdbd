// Permission bits, and what @everyone and the bot's managed role may do in the fake guilds.

export const Perm = {
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  UseExternalEmojis: 1n << 18n,
  UseApplicationCommands: 1n << 31n,
  ManageThreads: 1n << 34n,
  CreatePublicThreads: 1n << 35n,
  CreatePrivateThreads: 1n << 36n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** What @everyone may do in the fake guilds (a typical community server). */
export const EVERYONE_PERMISSIONS = (
  Perm.AddReactions |
  Perm.ViewChannel |
  Perm.SendMessages |
  Perm.EmbedLinks |
  Perm.AttachFiles |
  Perm.ReadMessageHistory |
  Perm.UseExternalEmojis |
  Perm.UseApplicationCommands |
  Perm.CreatePublicThreads |
  Perm.SendMessagesInThreads
).toString();

/** The bot's managed role adds message/thread management. */
export const BOT_PERMISSIONS = (
  BigInt(EVERYONE_PERMISSIONS) |
  Perm.ManageMessages |
  Perm.ManageThreads |
  Perm.CreatePrivateThreads
).toString();
