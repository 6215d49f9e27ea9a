/**
 * A command as a platform hands it to the core: the text after `/news` (or a
 * question), who sent it and where. Platforms fill it; handlers read it.
 */
export interface CommandRequest {
  /** `slack:<team>/<channel>`, `discord:<guild>/<channel>` or `console:<name>`. */
  channel: string;
  platform: "slack" | "discord" | "console" | "cli";
  userId: string;
  /** The platform's judgement: may this person change the channel's subscriptions? */
  canManage: boolean;
  /** `subscribe Iran sanctions every daily`, or a free-text question. */
  text: string;
  /** True when the text came as a mention or DM rather than a slash command. */
  isQuestion: boolean;
}
