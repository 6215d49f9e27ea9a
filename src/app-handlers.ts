import type { App } from "./app.js";
import { createCommandPorts } from "./app-command-ports.js";
import type { ChatPlatform, CommandHandler } from "./core/chat-platform.js";
import { createCommandHandler } from "./core/commands/handle-command.js";
import type { Digest } from "./core/digest/digest-model.js";
import { createConsolePlatform } from "./platforms/console/console-platform.js";
import type { SuggestFunction } from "./platforms/discord/index.js";
import { type PlatformHooks, platformsPart } from "./platforms-part.js";
import { RetryLaterError } from "./queue/job-errors.js";
import { jobId } from "./queue/job-id.js";
import { buildChannelDigest } from "./queue/workers/build-channel-digest.js";
import { deliverDigest } from "./queue/workers/deliver-digest.js";
import { createDigestRepository } from "./store/digest-repository.js";
import { createSubscriptionRepository } from "./store/subscription-repository.js";
import { createConfiguredSummarizer } from "./summarizer/configured-summarizer.js";

/** The one command handler every platform and `newswire chat` use. */
export function commandHandlerFor(app: App): CommandHandler {
  return createCommandHandler(createCommandPorts(app), {
    onError: (error, { errorId, request }) =>
      app.logger.error(
        {
          err: error,
          error_id: errorId,
          channel: request.channel,
          command: request.text.slice(0, 200),
        },
        "commands: failed",
      ),
  });
}

const ZONES = Intl.supportedValuesOf("timeZone");

/** Discord autocomplete: a channel's subscriptions, or IANA time zones (at most 25, names at most 100 characters). */
export function suggestFor(app: App): SuggestFunction {
  const subscriptions = createSubscriptionRepository(app.db);
  return async (kind, channel, prefix) => {
    const needle = prefix.trim().toLowerCase();
    if (kind === "timezone") {
      return ZONES.filter((z) => z.toLowerCase().includes(needle))
        .slice(0, 25)
        .map((z) => ({ name: z, value: z }));
    }
    return (await subscriptions.listByChannel(channel))
      .filter((s) => s.id.startsWith(needle) || s.topic.toLowerCase().includes(needle))
      .slice(0, 25)
      .map((s) => ({ name: `${s.id}: ${s.topic}`.slice(0, 100), value: s.id }));
  };
}

/** What every process's platforms part needs: the handler, autocomplete, and the console (always on). */
export const platformHooks: PlatformHooks = {
  handlerFor: commandHandlerFor,
  suggestFor,
  builtIn: (app) => [createConsolePlatform({ db: app.db, logger: app.logger })],
};

/** `newswire digest` from the shell: this process's own platforms deliver it (none receives commands). */
export async function digestNow(
  app: App,
  channel: string,
  options: { dryRun: boolean },
): Promise<Digest | null> {
  const registry = new Map<string, ChatPlatform>();
  const part = platformsPart(registry, platformHooks);
  await part.start(app);
  try {
    return await digestNowFor(() => registry)(app, channel, options);
  } finally {
    await part.stop?.();
  }
}

/**
 * `newswire digest`: build the channel's digest now and, unless dry-run,
 * deliver it from this process (idempotent, like the deliver job); when this
 * process cannot reach the channel's platform, the deliver job takes it.
 */
export function digestNowFor(platforms: () => ReadonlyMap<string, ChatPlatform>) {
  return async (
    app: App,
    channel: string,
    options: { dryRun: boolean },
  ): Promise<Digest | null> => {
    const { config } = app;
    const subscriptions = createSubscriptionRepository(app.db);
    const digests = createDigestRepository(app.db);
    const summarizer = createConfiguredSummarizer(config);
    const digest = await buildChannelDigest(
      { channel, every: "now", now: new Date(), dryRun: options.dryRun },
      {
        subscriptions,
        digests,
        maxItemsPerTopic: config.digest.maxItemsPerTopic,
        summarize: async (r) => (await summarizer.summarize(r)).summary,
      },
    );
    if (!digest || options.dryRun) return digest;
    try {
      await deliverDigest(digest.digestId, {
        digests,
        subscriptions,
        platforms: platforms(),
        clock: { now: () => new Date() },
        logger: app.logger,
      });
    } catch (error) {
      if (!(error instanceof RetryLaterError)) throw error;
      await app.queue
        .queue("deliver")
        .add(
          "deliver",
          { digestId: digest.digestId },
          { jobId: jobId("deliver", digest.digestId), attempts: 8 },
        );
    }
    return digest;
  };
}
