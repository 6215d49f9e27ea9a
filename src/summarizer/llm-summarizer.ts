import { type Clock, systemClock } from "../core/clock.js";
import { DEFAULT_SUMMARY_CHARS, summarize, truncateAtWord } from "../core/text/summarize.js";
import { LruCache } from "./lru-cache.js";

/**
 * One-sentence summaries from an OpenAI-compatible chat-completions endpoint
 * (OpenAI, Ollama at `http://host:11434/v1`, vLLM, llama.cpp's server), with
 * the extractive summarizer as the answer whenever the model cannot give one:
 * not configured, too slow, an error status, a malformed or empty answer.
 * A digest is never held up or lost for want of a model.
 */
export interface SummaryInput {
  articleId: string;
  title: string;
  text: string;
  focusTerms: string[];
}

export interface SummaryResult {
  summary: string;
  source: "llm" | "extractive";
}

export interface Summarizer {
  summarize(input: SummaryInput): Promise<SummaryResult>;
}

export interface SummarizerOptions {
  /** Base URL; `/chat/completions` is appended. Unset: extractive summaries only. */
  url?: string;
  model?: string;
  apiKey?: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  /** Summaries kept in memory, by article and focus. */
  cacheSize?: number;
  maxChars?: number;
  /** Told why a summary fell back to extractive (for logs and metrics). */
  onFallback?: (reason: string, input: SummaryInput) => void;
  /** After this many failures in a row the model is left alone for `pauseMs`. */
  pauseAfterFailures?: number;
  pauseMs?: number;
  clock?: Clock;
}

export const DEFAULT_CACHE_SIZE = 5_000;
/**
 * A model that is down would otherwise cost every summary the whole time
 * limit: after a few failures in a row, summaries go straight to extractive
 * for a while, then one request tries the model again.
 */
export const DEFAULT_PAUSE_AFTER_FAILURES = 3;
export const DEFAULT_PAUSE_MS = 60_000;
/** Enough of an article for one sentence; keeps prompts (and cost) bounded. */
const MAX_ARTICLE_CHARS = 6_000;
const DEFAULT_MODEL = "gpt-4o-mini";

const SYSTEM_PROMPT = [
  "You summarize news articles for a news digest.",
  "Write exactly one neutral, factual sentence of at most 40 words, in the same language as the article,",
  "about what the article reports on the given topic.",
  "Use only facts stated in the article. No preface, no opinion, no quotation marks around the sentence, no markdown.",
].join(" ");

export function createSummarizer(options: SummarizerOptions): Summarizer {
  const maxChars = options.maxChars ?? DEFAULT_SUMMARY_CHARS;
  const doFetch = options.fetch ?? fetch;
  const cache = new LruCache<string, string>(options.cacheSize ?? DEFAULT_CACHE_SIZE);
  // Concurrent requests for the same summary share one call.
  const inFlight = new Map<string, Promise<string | null>>();
  const extractive = (input: SummaryInput): SummaryResult => ({
    summary: summarize(input.text, { title: input.title, focusTerms: input.focusTerms, maxChars }),
    source: "extractive",
  });
  const clock = options.clock ?? systemClock;
  const pauseAfter = options.pauseAfterFailures ?? DEFAULT_PAUSE_AFTER_FAILURES;
  const pauseMs = options.pauseMs ?? DEFAULT_PAUSE_MS;
  let failuresInARow = 0;
  let pausedUntil = 0;
  const endpoint =
    options.url === undefined ? undefined : `${options.url.replace(/\/+$/, "")}/chat/completions`;

  async function ask(input: SummaryInput, url: string): Promise<string | null> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (options.apiKey !== undefined && options.apiKey !== "") {
      headers.authorization = `Bearer ${options.apiKey}`;
    }
    const topic = input.focusTerms.length > 0 ? input.focusTerms.join(", ") : input.title;
    const body = JSON.stringify({
      model: options.model ?? DEFAULT_MODEL,
      temperature: 0,
      messages: [
        { role: "system", content: SYSTEM_PROMPT },
        {
          role: "user",
          content: `Topic: ${topic}\nTitle: ${input.title}\n\nArticle:\n${input.text.slice(0, MAX_ARTICLE_CHARS)}`,
        },
      ],
    });
    const fail = (reason: string): null => {
      options.onFallback?.(reason, input);
      return null;
    };
    try {
      const signal = AbortSignal.timeout(options.timeoutMs);
      const response = await doFetch(url, { method: "POST", headers, body, signal });
      if (response.status !== 200) {
        await response.body?.cancel();
        return fail(`summarizer: HTTP ${response.status}`);
      }
      const answer = extractContent(await response.json());
      if (answer === null) return fail("summarizer: malformed answer");
      const sentence = cleanAnswer(answer);
      if (sentence === "") return fail("summarizer: empty answer");
      return truncateAtWord(sentence, maxChars);
    } catch (error) {
      const name = error instanceof Error ? error.name : "";
      if (name === "TimeoutError" || name === "AbortError") {
        return fail(`summarizer: no answer within ${options.timeoutMs} ms`);
      }
      if (error instanceof SyntaxError) return fail("summarizer: answer is not JSON");
      return fail(`summarizer: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return {
    async summarize(input) {
      if (endpoint === undefined) return extractive(input);
      const key = cacheKey(input);
      const cached = cache.get(key);
      if (cached !== undefined) return { summary: cached, source: "llm" };
      let pending = inFlight.get(key);
      if (pending === undefined) {
        if (clock.now().getTime() < pausedUntil) {
          options.onFallback?.("summarizer: paused after repeated failures", input);
          return extractive(input);
        }
        pending = ask(input, endpoint).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      const summary = await pending;
      if (summary === null) {
        failuresInARow++;
        if (failuresInARow >= pauseAfter) {
          pausedUntil = clock.now().getTime() + pauseMs;
          failuresInARow = 0;
        }
        return extractive(input);
      }
      failuresInARow = 0;
      cache.set(key, summary);
      return { summary, source: "llm" };
    },
  };
}

function cacheKey(input: SummaryInput): string {
  const focus = [...new Set(input.focusTerms.map((t) => t.toLowerCase()))].sort().join("\u0001");
  return `${input.articleId}\u0000${focus}`;
}

/** `choices[0].message.content` of a chat completion, or null when the shape is wrong. */
function extractContent(json: unknown): string | null {
  if (typeof json !== "object" || json === null) return null;
  const choices = (json as { choices?: unknown }).choices;
  if (!Array.isArray(choices) || choices.length === 0) return null;
  const message = (choices[0] as { message?: unknown }).message;
  if (typeof message !== "object" || message === null) return null;
  const content = (message as { content?: unknown }).content;
  return typeof content === "string" ? content : null;
}

/** Strips what models add around the sentence: reasoning blocks, labels, quotes, markdown. */
export function cleanAnswer(answer: string): string {
  return answer
    .replace(/<think>[\s\S]*?<\/think>/gi, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^(?:\*\*)?(?:summary|one-sentence summary)(?:\*\*)?\s*:\s*/i, "")
    .replace(/^\*\*|\*\*$/g, "")
    .replace(/^["“]([^"“”]*)["”]$/, "$1")
    .trim();
}
