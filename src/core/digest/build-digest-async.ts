import { type BuildDigestInput, buildDigest, type SummaryRequest } from "./build-digest.js";
import type { Digest } from "./digest-model.js";

/**
 * buildDigest with an asynchronous summarizer (the LLM port): the digest is
 * chosen first, then only the chosen items are summarized, all at once.
 * The summarizer is expected to fall back on its own (createSummarizer does).
 */
export async function buildDigestAsync(
  input: Omit<BuildDigestInput, "summarize"> & {
    summarize: (request: SummaryRequest) => Promise<string>;
  },
): Promise<Digest> {
  const pending: Array<Promise<string>> = [];
  const digest = buildDigest({
    ...input,
    summarize: (request) => {
      pending.push(input.summarize(request));
      return "";
    },
  });
  const summaries = await Promise.all(pending);
  let next = 0;
  // buildDigest asks for summaries in item order, topic by topic.
  return {
    ...digest,
    topics: digest.topics.map((topic) => ({
      ...topic,
      items: topic.items.map((item) => ({ ...item, summary: summaries[next++] as string })),
    })),
  };
}
