import type { App, webApi } from "@slack/bolt";
import type { Logger } from "pino";
import type { CommandHandler } from "../../core/chat-platform.js";
import type { CommandRequest } from "../../core/commands/command-request.js";
import { questionText } from "./question-text.js";
import { renderReply } from "./render-reply.js";
import { createReplayGuard } from "./replay-guard.js";
import { runCommandHandler } from "./run-command-handler.js";
import { formatSlackChannel } from "./slack-channel.js";

export interface SlackListenerDeps {
  handleCommand: CommandHandler;
  canManage: (userId: string) => Promise<boolean>;
  logger: Logger;
}

/** The slash command the manifest declares. */
export const SLASH_COMMAND = "/news";

/**
 * Wires Slack's inbound events to the core: `/news` and questions (mentions,
 * DMs). The adapter only translates: Slack payload → CommandRequest →
 * handler → Reply → Block Kit.
 */
export function registerSlackListeners(app: App, deps: SlackListenerDeps): void {
  const { logger } = deps;

  // Slack re-delivers an event it thinks we missed (x-slack-retry-num,
  // https://docs.slack.dev/apis/events-api/#retries) with the same event_id:
  // answer a question once, not once per delivery.
  const seenEvents = createReplayGuard(60 * 60_000);
  app.use(async ({ body, next }) => {
    const eventId = "event_id" in body ? body.event_id : undefined;
    if (typeof eventId === "string" && seenEvents.seenBefore(eventId)) {
      logger.debug({ event_id: eventId }, "slack: event already handled, skipped");
      return;
    }
    await next();
  });

  app.command(SLASH_COMMAND, async ({ command, ack, respond }) => {
    // Slack wants the acknowledgement within 3 seconds
    // (https://docs.slack.dev/interactivity/implementing-slash-commands#responding_to_commands).
    // We ack at once with an empty body, before anything that could be slow
    // (users.info, the handler), and answer through response_url, which
    // stays valid for 30 minutes. So the ack never waits on the handler.
    await ack();
    const request: CommandRequest = {
      channel: formatSlackChannel(command.team_id, command.channel_id),
      platform: "slack",
      userId: command.user_id,
      canManage: await deps.canManage(command.user_id),
      text: command.text.trim(),
      isQuestion: false,
    };
    const reply = await runCommandHandler(deps.handleCommand, request, logger);
    const message = renderReply(reply);
    try {
      await respond({
        response_type: message.response_type,
        text: message.text,
        blocks: message.blocks,
      });
    } catch (err) {
      logger.warn(
        { err, channel: request.channel },
        "slack: could not answer through response_url",
      );
    }
  });

  app.event("app_mention", async ({ event, body, context, client }) => {
    if (!event.user || event.bot_id) return;
    await answerQuestion(client, deps, {
      teamId: context.teamId ?? event.team ?? body.team_id,
      channelId: event.channel,
      userId: event.user,
      text: questionText(event.text, context.botUserId),
      threadTs: event.thread_ts ?? event.ts,
    });
  });

  app.message(async ({ message, body, context, client }) => {
    // Only direct messages: the manifest subscribes to message.im alone, but
    // a workspace could add more events; edits, joins and bots are not questions.
    if (message.channel_type !== "im" || message.subtype !== undefined) return;
    if (!("user" in message) || !message.user || message.bot_id) return;
    await answerQuestion(client, deps, {
      teamId: context.teamId ?? body.team_id,
      channelId: message.channel,
      userId: message.user,
      text: questionText(message.text ?? "", context.botUserId),
      threadTs: message.thread_ts ?? message.ts,
    });
  });
}

interface Question {
  teamId: string;
  channelId: string;
  userId: string;
  text: string;
  threadTs: string;
}

/** A question is answered in its thread (`thread_ts`), as Slack asks of mention replies. */
async function answerQuestion(
  client: webApi.WebClient,
  deps: SlackListenerDeps,
  question: Question,
): Promise<void> {
  const channel = formatSlackChannel(question.teamId, question.channelId);
  const reply = await runCommandHandler(
    deps.handleCommand,
    {
      channel,
      platform: "slack",
      userId: question.userId,
      canManage: await deps.canManage(question.userId),
      text: question.text,
      isQuestion: true,
    },
    deps.logger,
  );
  const message = renderReply(reply);
  try {
    await client.chat.postMessage({
      channel: question.channelId,
      thread_ts: question.threadTs,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
  } catch (err) {
    deps.logger.warn({ err, channel }, "slack: could not answer a question");
  }
}
