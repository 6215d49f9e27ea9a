import { describe, expect, it } from "vitest";
import {
  type BuildDigestInput,
  buildDigest,
  type DigestMatch,
} from "../../../src/core/digest/build-digest.js";
import { buildDigestAsync } from "../../../src/core/digest/build-digest-async.js";
import { digestToJson } from "../../../src/core/digest/digest-to-json.js";

const now = new Date("2026-11-30T08:00:00Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

let seq = 0;
function match(over: {
  sub?: string;
  title?: string;
  source?: string;
  url?: string;
  canonicalUrl?: string | null;
  hours?: number;
  score?: number;
  text?: string;
}): DigestMatch {
  seq++;
  const title = over.title ?? `Story ${seq}`;
  return {
    subscriptionId: over.sub ?? "s1",
    article: {
      id: `a${seq}`,
      title,
      url: over.url ?? `https://news${seq}.example/story`,
      canonicalUrl:
        over.canonicalUrl === undefined ? `https://news${seq}.example/story` : over.canonicalUrl,
      source: over.source ?? `Outlet ${seq}`,
      publishedAt: hoursAgo(over.hours ?? 1),
      text: over.text ?? `${title}. Unique body text ${seq} with words w${seq}a w${seq}b w${seq}c.`,
    },
    score: over.score ?? 1,
    reasons: [`Iran: matched "Iran" (${seq})`],
    focusTerms: ["Iran"],
  };
}

function build(matches: DigestMatch[], over: Partial<BuildDigestInput> = {}) {
  return buildDigest({
    channel: "console:test",
    digestId: "d1",
    every: "daily",
    now,
    subscriptions: [
      { id: "s1", topic: "Iran sanctions" },
      { id: "s2", topic: "Russia relations" },
    ],
    matches,
    ...over,
  });
}

describe("buildDigest", () => {
  it("groups by subscription in subscription order and drops empty topics", () => {
    const digest = build([match({ sub: "s2" }), match({ sub: "s1" }), match({ sub: "unknown" })]);
    expect(digest.topics.map((t) => [t.topic, t.subscriptionId, t.items.length])).toEqual([
      ["Iran sanctions", "s1", 1],
      ["Russia relations", "s2", 1],
    ]);
  });

  it("gives topics: [] when nothing matched", () => {
    expect(build([]).topics).toEqual([]);
  });

  const orderCases = [
    {
      name: "higher score first at equal age",
      matches: () => [match({ title: "low", score: 1 }), match({ title: "high", score: 3 })],
      expected: ["high", "low"],
    },
    {
      name: "a fresh item beats a slightly better stale one",
      matches: () => [
        match({ title: "stale", score: 1.5, hours: 48 }),
        match({ title: "fresh", score: 1, hours: 1 }),
      ],
      expected: ["fresh", "stale"],
    },
    {
      name: "one outlet cannot fill the top: its second item yields to another outlet",
      matches: () => [
        match({ title: "big one", source: "Wire", score: 1.0 }),
        match({ title: "big two", source: "Wire", score: 0.95 }),
        match({ title: "other", source: "Paper", score: 0.8 }),
      ],
      expected: ["big one", "other", "big two"],
    },
  ];
  for (const { name, matches, expected } of orderCases) {
    it(`ranks: ${name}`, () => {
      const titles = build(matches()).topics[0]?.items.map((i) => i.title);
      expect(titles).toEqual(expected);
    });
  }

  it("folds the same story from several feeds into one item led by the best-ranked copy", () => {
    const text =
      "Iran rejected new sanctions on Friday. The embargo talks in Vienna broke down after three days.";
    const digest = build([
      match({ title: "Iran rejects new sanctions", source: "Wire", score: 1, text }),
      match({ title: "Iran rejects new sanctions", source: "Paper", score: 2, text }),
      match({ title: "Iran rejects new sanctions", source: "Wire", score: 0.5, text }),
      match({ title: "Unrelated story about the oil market", source: "Oil Daily" }),
    ]);
    const items = digest.topics[0]?.items ?? [];
    expect(items).toHaveLength(2);
    expect(items[0]?.source).toBe("Paper");
    expect(items[0]?.otherSources.map((o) => o.source)).toEqual(["Wire"]);
    expect(digest.topics[0]?.more).toBe(0);
  });

  it("folds copies sharing a canonical URL", () => {
    const digest = build([
      match({ canonicalUrl: "https://x.example/a", source: "A" }),
      match({ canonicalUrl: "https://x.example/a", source: "B", score: 2 }),
    ]);
    expect(digest.topics[0]?.items.map((i) => [i.source, i.otherSources.length])).toEqual([
      ["B", 1],
    ]);
  });

  it("caps items per topic and counts the rest in more", () => {
    const matches = Array.from({ length: 11 }, () => match({}));
    const digest = build(matches);
    expect(digest.topics[0]?.items).toHaveLength(8);
    expect(digest.topics[0]?.more).toBe(3);
    const small = build(matches, { maxItemsPerTopic: 2 });
    expect(small.topics[0]?.items).toHaveLength(2);
    expect(small.topics[0]?.more).toBe(9);
  });

  it("counts a re-delivered article once", () => {
    const m = match({});
    expect(build([m, { ...m, score: 5 }]).topics[0]?.items).toHaveLength(1);
  });

  it("summarizes with focus terms by default, or with the summarizer passed in", () => {
    const text =
      "The weather in the capital was mild on Tuesday. Iran rejected the latest proposal from Europe.";
    const byDefault = build([match({ text })]);
    expect(byDefault.topics[0]?.items[0]?.summary).toBe(
      "Iran rejected the latest proposal from Europe.",
    );
    const custom = build([match({ text })], {
      summarize: (r) => `custom ${r.focusTerms.join(",")}`,
    });
    expect(custom.topics[0]?.items[0]?.summary).toBe("custom Iran");
  });
});

describe("digestToJson", () => {
  it("has the DESIGN.md digest --json shape", () => {
    seq = 100;
    const digest = build([
      match({ canonicalUrl: "https://x.example/a", source: "A", url: "https://x.example/a" }),
      match({
        canonicalUrl: "https://x.example/a",
        source: "B",
        url: "https://x.example/a?b",
        score: 0.5,
      }),
    ]);
    const json = JSON.parse(JSON.stringify(digestToJson(digest)));
    expect(json).toEqual({
      channel: "console:test",
      digest_id: "d1",
      every: "daily",
      created_at: "2026-11-30T08:00:00.000Z",
      topics: [
        {
          topic: "Iran sanctions",
          subscription_id: "s1",
          items: [
            {
              id: "a101",
              title: expect.any(String),
              url: "https://x.example/a",
              source: "A",
              other_sources: [{ source: "B", url: "https://x.example/a?b" }],
              published_at: "2026-11-30T07:00:00.000Z",
              summary: expect.any(String),
              reasons: ['Iran: matched "Iran" (101)'],
            },
          ],
          more: 0,
        },
      ],
    });
  });

  it("an empty digest is an empty model", () => {
    expect(digestToJson(build([])).topics).toEqual([]);
  });
});

describe("buildDigestAsync", () => {
  it("summarizes only the chosen items, each with its own request, in item order", async () => {
    const requests: string[] = [];
    const matches = Array.from({ length: 10 }, (_, i) => match({ score: 10 - i }));
    const digest = await buildDigestAsync({
      channel: "console:test",
      digestId: "d1",
      every: "daily",
      now,
      subscriptions: [{ id: "s1", topic: "Iran sanctions" }],
      matches,
      maxItemsPerTopic: 3,
      summarize: async (r) => {
        requests.push(r.articleId);
        await new Promise((resolve) => setTimeout(resolve, (3 - requests.length) * 5));
        return `summary of ${r.articleId}`;
      },
    });
    const items = digest.topics[0]?.items ?? [];
    expect(requests).toHaveLength(3);
    expect(items.map((i) => i.summary)).toEqual(items.map((i) => `summary of ${i.articleId}`));
    expect(digest.topics[0]?.more).toBe(7);
  });
});
