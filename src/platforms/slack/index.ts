// The Slack platform's public face (module boundary): app.ts and the HTTP
// server import from here, never from the files behind it.
export {
  createSlackAdapter,
  SLACK_EVENTS_PATH,
  type SlackAdapter,
  type SlackAdapterConfig,
  type SlackAdapterOptions,
} from "./slack-adapter.js";
