import { createInterface } from "node:readline";
import type { Command } from "commander";
import { loadTopicLibrary } from "../../config/load-topic-library.js";
import { UserError } from "../../core/errors.js";
import {
  compileTopic,
  matchPrepared,
  prepareArticle,
  type TopicArticle,
} from "../../core/topics/index.js";
import type { CliContext } from "../cli-context.js";

const INPUT_HINT =
  'give one JSON object per line: {"id":"1","title":"…","summary":"…","content":"…","url":"…"}';

function readArticle(line: string, lineNumber: number): TopicArticle {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new UserError(`match: line ${lineNumber} of the input is not JSON`, { hint: INPUT_HINT });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new UserError(`match: line ${lineNumber} of the input is not a JSON object`, {
      hint: INPUT_HINT,
    });
  }
  const record = value as Record<string, unknown>;
  const text = (key: string): string =>
    typeof record[key] === "string" ? (record[key] as string) : "";
  if (text("title") === "" && text("summary") === "" && text("content") === "") {
    throw new UserError(`match: line ${lineNumber} has no title, summary or content`, {
      hint: INPUT_HINT,
    });
  }
  const id = record.id;
  return {
    id: typeof id === "string" || typeof id === "number" ? String(id) : String(lineNumber),
    title: text("title"),
    summary: text("summary"),
    content: text("content"),
    url: text("url") || null,
    ...(text("feed") ? { feed: text("feed") } : {}),
  };
}

/** Runs `match`: returns how many input articles matched. */
export async function runMatch(
  topicWords: string[],
  options: { json?: boolean },
  context: CliContext,
): Promise<number> {
  const config = context.config();
  const library = loadTopicLibrary(config.topics);
  const topic = compileTopic(topicWords.join(" "), library);
  const lines = createInterface({ input: context.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  let matched = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === "") continue;
    const article = readArticle(line, lineNumber);
    const result = matchPrepared(topic, prepareArticle(article));
    if (!result) continue;
    matched++;
    if (options.json) {
      context.stdout.write(
        `${JSON.stringify({ id: article.id, score: result.score, reasons: result.reasons })}\n`,
      );
    } else {
      const where = article.url ? `  ${article.url}` : "";
      context.stdout.write(`${result.score.toFixed(2)}  ${article.id}  ${article.title}${where}\n`);
      for (const reason of result.reasons) context.stdout.write(`      ${reason}\n`);
    }
  }
  return matched;
}

/** `newswire match <topic…> [--json]`: filters JSON-lines articles on stdin by a topic. */
export function registerMatchCommand(program: Command, context: CliContext): void {
  program
    .command("match")
    .description(
      "read articles as JSON lines on stdin and print those that match the topic, with score and reasons",
    )
    .argument("<topic...>", 'the topic, e.g. Iran sanctions, or "oil prices" -fish')
    .option("--json", "one JSON line per match: {id, score, reasons}")
    .action(async (topic: string[], options: { json?: boolean }) => {
      await runMatch(topic, options, context);
    });
}
