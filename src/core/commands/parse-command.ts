import { UserError } from "../errors.js";
import { COMMAND_NAMES, exampleHint } from "./command-help.js";
import { parseAllOptions, parseTrailingOptions } from "./parse-schedule-options.js";
import { DEFAULT_WINDOW_MS, parseSince } from "./parse-since.js";
import type { FeedsCommand, ParsedCommand } from "./parsed-command.js";
import { type Token, tokenize } from "./tokenize.js";

/**
 * The one grammar of the text after `/news`, for every platform. Errors are
 * UserErrors that point at the offending word and say what to type instead.
 */
export interface ParseContext {
  now: Date;
  /** The channel's time zone, for "since monday". */
  timeZone: string;
}

/** Aliases people type; each maps to a command name. */
const ALIASES: Record<string, ParsedCommand["kind"]> = {
  sub: "subscribe",
  follow: "subscribe",
  unsub: "unsubscribe",
  unfollow: "unsubscribe",
  ls: "list",
  subscriptions: "list",
  feed: "feeds",
  search: "recent",
  "?": "help",
};

export function parseCommand(text: string, context: ParseContext): ParsedCommand {
  // Platforms strip "/news"; the console and tests may not.
  const body = text.replace(/^\s*\/news\b/i, (m) => " ".repeat(m.length));
  const tokens = tokenize(body);
  const first = tokens[0];
  if (first === undefined) return { kind: "help", command: null };
  const word = first.text.toLowerCase();
  const name = (COMMAND_NAMES as readonly string[]).includes(word)
    ? (word as ParsedCommand["kind"])
    : ALIASES[word];
  if (name === undefined) throw unknownCommand(first);
  const args = tokens.slice(1);
  const rest = (from: number) => textOf(body, args.slice(from));
  switch (name) {
    case "subscribe": {
      const { options, rest: topicEnd } = parseTrailingOptions(args, 0);
      const topic = textOf(body, args.slice(0, topicEnd));
      if (topic === "") {
        throw new UserError("subscribe needs a topic", {
          position: first.end,
          hint: exampleHint("subscribe"),
        });
      }
      return { kind: "subscribe", topic, schedule: options };
    }
    case "unsubscribe": {
      const target = rest(0);
      if (target === "") throw missing(first, "an id or a topic", "unsubscribe");
      return { kind: "unsubscribe", target };
    }
    case "pause":
    case "resume":
      return { kind: name, id: singleArgument(first, args, "a subscription id", name) };
    case "why":
      return { kind: "why", itemId: singleArgument(first, args, "an item id", "why") };
    case "schedule": {
      const id = args[0];
      if (id === undefined) throw missing(first, "a subscription id", "schedule");
      const schedule = parseAllOptions(args.slice(1));
      if (Object.keys(schedule).length === 0) {
        throw new UserError("schedule needs at least one of every, at, on or in", {
          position: id.end,
          hint: exampleHint("schedule"),
        });
      }
      return { kind: "schedule", id: id.text, schedule };
    }
    case "feeds":
      return parseFeeds(first, args);
    case "recent":
      return parseRecent(body, args, context);
    case "help": {
      const topic = args[0]?.text.toLowerCase() ?? null;
      if (args.length > 1) throw extra(args[1] as Token, "help");
      const command = topic === null ? null : (ALIASES[topic] ?? topic);
      if (command !== null && !(COMMAND_NAMES as readonly string[]).includes(command)) {
        throw unknownCommand(args[0] as Token);
      }
      return { kind: "help", command };
    }
    case "list":
    case "digest":
    case "status":
      if (args.length > 0) throw extra(args[0] as Token, name);
      return { kind: name };
  }
}

function parseFeeds(first: Token, args: readonly Token[]): FeedsCommand {
  const action = args[0]?.text.toLowerCase() ?? "list";
  if (action === "list" || action === "ls") {
    if (args.length > 1) throw extra(args[1] as Token, "feeds");
    return { kind: "feeds", action: "list" };
  }
  if (action === "add") {
    const raw = singleArgument(args[0] as Token, args.slice(1), "a feed or site URL", "feeds");
    return { kind: "feeds", action: "add", url: normalizeUrl(raw, args[1] as Token) };
  }
  if (action === "remove" || action === "rm" || action === "delete") {
    const target = singleArgument(args[0] as Token, args.slice(1), "a feed id or URL", "feeds");
    return { kind: "feeds", action: "remove", target: unwrapSlackLink(target) };
  }
  throw new UserError(`feeds has no "${args[0]?.text}" action`, {
    position: args[0]?.start ?? first.end,
    hint: "Use `/news feeds list`, `/news feeds add <url>` or `/news feeds remove <id>`.",
  });
}

function parseRecent(body: string, args: readonly Token[], context: ParseContext): ParsedCommand {
  let topicEnd = args.length;
  let since = new Date(context.now.getTime() - DEFAULT_WINDOW_MS);
  const sinceAt = args.findLastIndex((t) => t.text.toLowerCase() === "since");
  if (sinceAt >= 0) {
    const valueTokens = args.slice(sinceAt + 1);
    const keyword = args[sinceAt] as Token;
    if (valueTokens.length === 0) {
      throw new UserError("since needs a time", {
        position: keyword.end,
        hint: "E.g. `since 24h`, `since 3d`, `since 1w`, `since monday` or `since yesterday`.",
      });
    }
    const value = textOf(body, valueTokens);
    const parsed = parseSince(value, context.now, context.timeZone);
    if (parsed === null) {
      throw new UserError(`"${value}" is not a time I understand`, {
        position: (valueTokens[0] as Token).start,
        hint: "E.g. `since 24h`, `since 3d`, `since 1w`, `since monday` or `since yesterday`.",
      });
    }
    since = parsed;
    topicEnd = sinceAt;
  }
  const topic = textOf(body, args.slice(0, topicEnd));
  return { kind: "recent", topic: topic === "" ? null : topic, since };
}

/** The original text spanned by the tokens: the topic exactly as typed. */
function textOf(body: string, tokens: readonly Token[]): string {
  const firstToken = tokens[0];
  const lastToken = tokens[tokens.length - 1];
  if (firstToken === undefined || lastToken === undefined) return "";
  return body.slice(firstToken.start, lastToken.end);
}

function singleArgument(
  after: Token,
  args: readonly Token[],
  what: string,
  command: ParsedCommand["kind"],
): string {
  const arg = args[0];
  if (arg === undefined) throw missing(after, what, command);
  if (args.length > 1) throw extra(args[1] as Token, command);
  return arg.text;
}

function missing(after: Token, what: string, command: ParsedCommand["kind"]): UserError {
  return new UserError(`${after.text.toLowerCase()} needs ${what}`, {
    position: after.end,
    hint: exampleHint(command),
  });
}

function extra(token: Token, command: ParsedCommand["kind"]): UserError {
  return new UserError(`unexpected "${token.text}"`, {
    position: token.start,
    hint: exampleHint(command),
  });
}

function unknownCommand(token: Token): UserError {
  const guess = closest(token.text.toLowerCase(), COMMAND_NAMES);
  return new UserError(`"${token.text}" is not a command`, {
    position: token.start,
    hint:
      guess === null
        ? "Type `/news help` for the commands, or ask a question like `what's new on Iran sanctions?`."
        : `Did you mean \`/news ${guess}\`? Type \`/news help\` for all commands.`,
  });
}

/** Slack wraps links as <https://x|label>; people type bare domains. */
function unwrapSlackLink(text: string): string {
  const link = /^<([^|>]+)(?:\|[^>]*)?>$/.exec(text);
  return link === null ? text : (link[1] as string);
}

function normalizeUrl(raw: string, token: Token): string {
  const text = unwrapSlackLink(raw);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    if ((url.protocol === "http:" || url.protocol === "https:") && url.hostname.includes(".")) {
      return url.href;
    }
  } catch {
    // Falls through to the error below.
  }
  throw new UserError(`"${raw}" is not a web address`, {
    position: token.start,
    hint: "Give the feed's or the site's URL, e.g. `/news feeds add https://example.com/rss`.",
  });
}

/** The command a typo most likely meant (edit distance at most 2), or null. */
function closest(word: string, names: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const name of names) {
    const d = editDistance(word, name);
    if (d < bestDistance || (best === null && name.startsWith(word) && word.length >= 3)) {
      best = name;
      bestDistance = Math.min(d, bestDistance);
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}
