import type { ServerSettings } from '../../src/storage/guild-settings.js';

/** A server's settings before its moderators change anything, as the tests' environment has them. */
export const SERVER_DEFAULTS: ServerSettings = {
  allowedChannelIds: [],
  cooldown: { questions: 5, seconds: 60 },
  threadMode: 'questions',
  summaryRoleId: null,
  articleRoleId: null,
  dmPolicy: 'off',
  language: 'en',
};
