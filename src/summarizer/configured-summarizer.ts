import type { Config } from "../config/schema.js";
import { createSummarizer } from "./llm-summarizer.js";

/** The summarizer the config asks for: the LLM one when SUMMARIZER_URL is set (extractive fallback), else extractive. */
export function createConfiguredSummarizer(config: Config) {
  const s = config.summarizer;
  return createSummarizer({
    ...(s.url ? { url: s.url } : {}),
    ...(s.model ? { model: s.model } : {}),
    ...(s.apiKey ? { apiKey: s.apiKey } : {}),
    timeoutMs: s.timeoutMs,
  });
}
