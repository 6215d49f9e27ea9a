// The Discord platform's public surface: app.ts wires the adapter; nothing else leaves this folder.
export {
  createDiscordAdapter,
  DISCORD_INTENTS,
  type DiscordAdapterConfig,
  type DiscordAdapterOptions,
} from "./discord-adapter.js";
export { DiscordStartError, type DiscordStartFailure } from "./discord-start-error.js";
export type { SuggestFunction } from "./interaction-responder.js";
