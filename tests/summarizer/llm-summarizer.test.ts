import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createManualClock } from "../../src/core/clock.js";
import { cleanAnswer, createSummarizer } from "../../src/summarizer/llm-summarizer.js";

/** A local chat-completions server whose next answers the tests choose. */
type Behaviour =
  | { kind: "answer"; content: string }
  | { kind: "status"; status: number }
  | { kind: "raw"; body: string }
  | { kind: "slow"; ms: number };

interface Recorded {
  path: string;
  authorization: string | undefined;
  body: {
    model: string;
    temperature: number;
    messages: Array<{ role: string; content: string }>;
  };
}

let server: Server;
let baseUrl: string;
let behaviour: Behaviour;
const requests: Recorded[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  let raw = "";
  req.on("data", (chunk: Buffer) => {
    raw += chunk.toString("utf8");
  });
  req.on("end", () => {
    requests.push({
      path: req.url ?? "",
      authorization: req.headers.authorization,
      body: JSON.parse(raw) as Recorded["body"],
    });
    const b = behaviour;
    if (b.kind === "status") {
      res.writeHead(b.status, { "content-type": "application/json" });
      res.end('{"error":{"message":"boom"}}');
    } else if (b.kind === "raw") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(b.body);
    } else if (b.kind === "slow") {
      setTimeout(() => {
        if (!res.destroyed) res.end(chatAnswer("too late"));
      }, b.ms);
    } else {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(chatAnswer(b.content));
    }
  });
}

function chatAnswer(content: string): string {
  return JSON.stringify({
    id: "chatcmpl-1",
    object: "chat.completion",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
  });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests.length = 0;
  behaviour = { kind: "answer", content: "Iran faces renewed sanctions pressure." };
});

const text =
  "A quiet day in the capital with little to report. The United States moved to reimpose sanctions on Iran after the arms embargo vote failed.";
let nextId = 0;
const input = (over: Partial<{ articleId: string; focusTerms: string[] }> = {}) => ({
  articleId: over.articleId ?? `a${++nextId}`,
  title: "US moves on Iran",
  text,
  focusTerms: over.focusTerms ?? ["sanctions", "Iran"],
});
const extractive =
  "The United States moved to reimpose sanctions on Iran after the arms embargo vote failed.";

describe("createSummarizer with a chat-completions endpoint", () => {
  it("asks the model with the protocol's request and returns its sentence", async () => {
    const summarizer = createSummarizer({
      url: `${baseUrl}/`,
      model: "test-model",
      apiKey: "sk-test",
      timeoutMs: 2_000,
    });
    const result = await summarizer.summarize(input());
    expect(result).toEqual({ summary: "Iran faces renewed sanctions pressure.", source: "llm" });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.authorization).toBe("Bearer sk-test");
    expect(request?.body.model).toBe("test-model");
    expect(request?.body.temperature).toBe(0);
    expect(request?.body.messages[0]?.role).toBe("system");
    expect(request?.body.messages[0]?.content).toMatch(/one neutral.*sentence.*same language/);
    expect(request?.body.messages[1]?.content).toContain("Topic: sanctions, Iran");
    expect(request?.body.messages[1]?.content).toContain(text);
  });

  it("sends no Authorization header without an API key", async () => {
    await createSummarizer({ url: baseUrl, timeoutMs: 2_000 }).summarize(input());
    expect(requests[0]?.authorization).toBeUndefined();
  });

  it("caches by article and focus: a second call makes no request", async () => {
    const summarizer = createSummarizer({ url: baseUrl, timeoutMs: 2_000 });
    const first = input({ articleId: "same" });
    await summarizer.summarize(first);
    const again = await summarizer.summarize({ ...first, focusTerms: ["iran", "SANCTIONS"] });
    expect(again.source).toBe("llm");
    expect(requests).toHaveLength(1);
    await summarizer.summarize(input({ articleId: "same", focusTerms: ["Russia"] }));
    expect(requests).toHaveLength(2);
  });

  it("shares one request between concurrent calls for the same summary", async () => {
    const summarizer = createSummarizer({ url: baseUrl, timeoutMs: 2_000 });
    const one = input();
    const results = await Promise.all([summarizer.summarize(one), summarizer.summarize(one)]);
    expect(results.map((r) => r.source)).toEqual(["llm", "llm"]);
    expect(requests).toHaveLength(1);
  });

  it("trims a long answer to 280 characters at a word", async () => {
    behaviour = { kind: "answer", content: `${"word ".repeat(100)}end.` };
    const result = await createSummarizer({ url: baseUrl, timeoutMs: 2_000 }).summarize(input());
    expect(result.source).toBe("llm");
    expect(result.summary.length).toBeLessThanOrEqual(280);
    expect(result.summary).toMatch(/word…$/);
  });

  const fallbacks: Array<{ name: string; behaviour: Behaviour; reason: RegExp }> = [
    { name: "timeout", behaviour: { kind: "slow", ms: 3_000 }, reason: /within 500 ms/ },
    { name: "HTTP 500", behaviour: { kind: "status", status: 500 }, reason: /HTTP 500/ },
    { name: "HTTP 401", behaviour: { kind: "status", status: 401 }, reason: /HTTP 401/ },
    { name: "garbage", behaviour: { kind: "raw", body: "<html>oops" }, reason: /not JSON/ },
    { name: "no choices", behaviour: { kind: "raw", body: '{"choices":[]}' }, reason: /malformed/ },
    {
      name: "content not a string",
      behaviour: { kind: "raw", body: '{"choices":[{"message":{"content":null}}]}' },
      reason: /malformed/,
    },
    { name: "empty answer", behaviour: { kind: "answer", content: "  \n " }, reason: /empty/ },
    {
      name: "only a think block",
      behaviour: { kind: "answer", content: "<think>hmm</think>" },
      reason: /empty/,
    },
  ];
  for (const { name, behaviour: b, reason } of fallbacks) {
    it(`falls back to the extractive summary on ${name}, and asks again next time`, async () => {
      behaviour = b;
      const reasons: string[] = [];
      const summarizer = createSummarizer({
        url: baseUrl,
        // Only the timeout case needs a short limit; the others must not trip it on a busy machine.
        timeoutMs: name === "timeout" ? 500 : 5_000,
        onFallback: (why) => reasons.push(why),
      });
      const one = input();
      expect(await summarizer.summarize(one)).toEqual({
        summary: extractive,
        source: "extractive",
      });
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatch(reason);
      behaviour = { kind: "answer", content: "Recovered." };
      expect(await summarizer.summarize(one)).toEqual({ summary: "Recovered.", source: "llm" });
    });
  }

  it("leaves a failing model alone for a while, then tries again", async () => {
    behaviour = { kind: "status", status: 503 };
    const clock = createManualClock(new Date("2026-11-30T08:00:00Z"));
    const summarizer = createSummarizer({
      url: baseUrl,
      timeoutMs: 2_000,
      pauseAfterFailures: 2,
      pauseMs: 60_000,
      clock,
    });
    for (let i = 0; i < 2; i++)
      expect((await summarizer.summarize(input())).source).toBe("extractive");
    expect(requests).toHaveLength(2);
    behaviour = { kind: "answer", content: "Back." };
    expect((await summarizer.summarize(input())).source).toBe("extractive");
    expect(requests).toHaveLength(2);
    clock.advance(60_000);
    expect(await summarizer.summarize(input())).toEqual({ summary: "Back.", source: "llm" });
    expect(requests).toHaveLength(3);
  });

  it("falls back when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await createSummarizer({
      url: `http://127.0.0.1:${port}/v1`,
      timeoutMs: 1_000,
    }).summarize(input());
    expect(result.source).toBe("extractive");
  });

  it("without a URL summarizes extractively and asks nobody", async () => {
    const result = await createSummarizer({ timeoutMs: 1_000 }).summarize(input());
    expect(result).toEqual({ summary: extractive, source: "extractive" });
    expect(requests).toHaveLength(0);
  });
});

describe("cleanAnswer", () => {
  const cases = [
    { name: "plain", answer: " Iran rejects talks. ", expected: "Iran rejects talks." },
    { name: "label", answer: "Summary: Iran rejects talks.", expected: "Iran rejects talks." },
    { name: "quoted", answer: '"Iran rejects talks."', expected: "Iran rejects talks." },
    {
      name: "think block",
      answer: "<think>x\ny</think>\nIran rejects talks.",
      expected: "Iran rejects talks.",
    },
    { name: "bold", answer: "**Iran rejects talks.**", expected: "Iran rejects talks." },
  ];
  for (const { name, answer, expected } of cases)
    it(name, () => expect(cleanAnswer(answer)).toBe(expected));
});
