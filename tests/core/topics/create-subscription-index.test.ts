import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/core/errors.js";
import { wordGeneration } from "../../../src/core/topics/analyze-text.js";
import {
  analyzeText,
  compileTopic,
  createSubscriptionIndex,
  matchPrepared,
  prepareArticle,
  type SubscriptionIndex,
  type TopicArticle,
} from "../../../src/core/topics/index.js";
import { repoLibrary } from "./library.js";

const library = repoLibrary();
const iranStory: TopicArticle = {
  id: "1",
  title: "Tehran hit by new embargo",
  summary: "Iranian banks face sanctions, and oil prices rose.",
};

/** An index holding these subscriptions (id -> topic), added in order. */
function indexOf(subscriptions: Record<string, string>): SubscriptionIndex {
  const index = createSubscriptionIndex(library);
  for (const [id, topic] of Object.entries(subscriptions)) index.add(id, topic);
  return index;
}

/** The Iran story, with one more sentence. */
const iranStoryAnd = (sentence: string): TopicArticle => ({
  ...iranStory,
  summary: `${iranStory.summary} ${sentence}`,
});

describe("createSubscriptionIndex", () => {
  it("returns the subscriptions an article matches, best first", () => {
    const index = createSubscriptionIndex(library);
    index.add("s1", "Iran sanctions");
    index.add("s2", "Russia relations");
    index.add("s3", "Iran");
    const ids = index.match(iranStory).map((m) => m.subscriptionId);
    expect(ids.sort()).toEqual(["s1", "s3"]);
    const scores = index.match(iranStory).map((m) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("is patched by remove and by replacing a topic", () => {
    const index = createSubscriptionIndex(library);
    index.add("s1", "Iran sanctions");
    index.add("s2", "Iran sanctions");
    expect(index.remove("s1")).toBe(true);
    expect(index.remove("s1")).toBe(false);
    expect(index.match(iranStory).map((m) => m.subscriptionId)).toEqual(["s2"]);
    index.add("s2", "Russia relations");
    expect(index.match(iranStory)).toEqual([]);
    expect(index.size).toBe(1);
    index.remove("s2");
    expect(index.size).toBe(0);
    expect(index.match(iranStory)).toEqual([]);
  });

  it("answers a shared verdict once, for each of its topics whose exclusions do not hold", () => {
    const index = indexOf({
      s1: "Iran sanctions",
      s2: "Iran  sanctions",
      s3: "Iran sanctions -football",
      s4: "Iran sanctions -embargo",
    });
    const groups = index.matchTopics(iranStory);
    expect(groups).toHaveLength(1);
    const [group] = groups;
    expect(group?.topics.map((t) => [t.topic, [...t.subscriptionIds]])).toEqual([
      ["Iran sanctions", ["s1", "s2"]],
      ["Iran sanctions -football", ["s3"]],
    ]);
    expect(group?.reasons.length).toBe(2);
    const football = iranStoryAnd("The football team lost.");
    expect(index.matchTopics(football)[0]?.topics.map((t) => t.topic)).toEqual(["Iran sanctions"]);
  });

  it("rules out of a shared verdict each topic that one or more of its exclusions hold for", () => {
    const index = indexOf({
      a: "Iran sanctions -football -tennis",
      b: "Iran sanctions -football",
      c: "Iran sanctions -cricket",
      d: "Iran sanctions",
      e: "Iran sanctions -tennis",
    });
    const [group] = index.matchTopics(iranStoryAnd("Football and tennis scores."));
    expect(group?.topics.map((t) => t.topic)).toEqual([
      "Iran sanctions -cricket",
      "Iran sanctions",
    ]);
  });

  it("keeps each topic's own exclusions when topics sharing a verdict come and go", () => {
    const index = indexOf({
      a: "Iran sanctions -football",
      b: "Iran sanctions -tennis",
      c: "Iran sanctions -cricket",
      d: "Iran sanctions",
    });
    // "a" leaves: a topic takes its place among the verdict's members.
    index.remove("a");
    const cricket = iranStoryAnd("The cricket team lost.");
    expect(
      index
        .match(cricket)
        .map((m) => m.subscriptionId)
        .sort(),
    ).toEqual(["b", "d"]);
    index.remove("d");
    index.add("e", "Iran sanctions -tennis");
    const tennis = iranStoryAnd("The tennis final.");
    expect(
      index
        .match(tennis)
        .map((m) => m.subscriptionId)
        .sort(),
    ).toEqual(["c"]);
  });

  it("matches the same after the word cache starts its numbering again", () => {
    const index = createSubscriptionIndex(library);
    index.add("s1", "Iran sanctions");
    index.add("s2", "football");
    // New words until the word cache overflows: it is cleared, and numbers
    // words from 0 again (the last new word is 0).
    let fresh = 0;
    const overflow = (): void => {
      const before = wordGeneration();
      while (wordGeneration() === before) analyzeText(`zq${(fresh++).toString(36)}`, "");
    };
    overflow();
    const story = { id: "1", title: "Tehran embargo" };
    expect(analyzeText(story.title, "").wordIds).toEqual(Int32Array.from([1, 2]));
    expect(index.match(story).map((m) => m.subscriptionId)).toEqual(["s1"]);
    overflow();
    // 1 and 2 now name "the" and "football", not "tehran" and "embargo".
    const football = { id: "2", title: "The football final" };
    expect(analyzeText(football.title, "").wordIds.slice(0, 2)).toEqual(Int32Array.from([1, 2]));
    expect(index.match(football).map((m) => m.subscriptionId)).toEqual(["s2"]);
    expect(index.match(story).map((m) => m.subscriptionId)).toEqual(["s1"]);
  });

  it("keeps a shared concept indexed while another topic still names it", () => {
    const index = createSubscriptionIndex(library);
    index.add("a", '"new embargo"');
    index.add("b", '"new embargo" Iran');
    index.remove("a");
    expect(index.match(iranStory).map((m) => m.subscriptionId)).toEqual(["b"]);
  });

  it("rejects a malformed topic with a UserError and leaves the old one", () => {
    const index = createSubscriptionIndex(library);
    index.add("s1", "Iran");
    expect(() => index.add("s1", "Iran (")).toThrow(UserError);
    expect(index.match(iranStory).map((m) => m.subscriptionId)).toEqual(["s1"]);
  });

  it("agrees with the naive loop on any topics and articles", () => {
    const words = [
      "Iran",
      "Russia",
      "China",
      "oil",
      "prices",
      "sanctions",
      "relations",
      "trade",
      "embargo",
      "Tehran",
      "Kremlin",
      "rose",
      "fell",
      "talks",
      "tariffs",
      "bitcoin",
      "fish",
      "football",
      "Fed",
      "cut",
      "rates",
      "barrel",
      "Moscow",
    ];
    const word = fc.constantFrom(...words);
    const atom = fc.oneof(
      { weight: 6, arbitrary: word },
      { weight: 1, arbitrary: fc.tuple(word, word).map(([a, b]) => `"${a} ${b}"`) },
      { weight: 1, arbitrary: fc.constantFrom("sanc*", "econ*", "Ira*") },
      { weight: 1, arbitrary: word.map((w) => `title:${w}`) },
      { weight: 1, arbitrary: fc.constantFrom("feed:reuters", "feed:bbc") },
      { weight: 1, arbitrary: fc.tuple(word, word).map(([a, b]) => `(${a} OR ${b})`) },
      { weight: 1, arbitrary: fc.tuple(word, word).map(([a, b]) => `(title:${a} OR ${b})`) },
      // Shapes the compiled programs do not cover: the index walks the tree.
      {
        weight: 1,
        arbitrary: fc.tuple(word, word, word).map(([a, b, c]) => `((${a} ${b}) OR ${c})`),
      },
      { weight: 1, arbitrary: fc.tuple(word, word).map(([a, b]) => `NOT (${a} OR ${b})`) },
    );
    const exclusion = fc.oneof(
      { weight: 4, arbitrary: word },
      { weight: 1, arbitrary: word.map((w) => `title:${w}`) },
      { weight: 1, arbitrary: fc.constant("feed:bbc") },
    );
    const topic = fc
      .tuple(fc.array(atom, { minLength: 1, maxLength: 4 }), fc.option(exclusion))
      .map(([atoms, not]) => `${atoms.join(" ")}${not ? ` -${not}` : ""}`);
    const sentence = fc.array(word, { minLength: 1, maxLength: 12 }).map((w) => `${w.join(" ")}.`);
    const article = fc.record({
      title: fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(" ")),
      summary: fc.array(sentence, { maxLength: 5 }).map((s) => s.join(" ")),
      feed: fc.constantFrom("Reuters World", "BBC News", "Al Jazeera"),
    });
    let matchesSeen = 0;
    fc.assert(
      fc.property(
        fc.array(topic, { minLength: 1, maxLength: 30 }),
        fc.array(article, { minLength: 1, maxLength: 5 }),
        (topics, articles) => {
          const index = createSubscriptionIndex(library);
          const compiled = new Map<string, ReturnType<typeof compileTopic>>();
          topics.forEach((text, i) => {
            try {
              compiled.set(`s${i}`, index.add(`s${i}`, text) && compileTopic(text, library));
            } catch (error) {
              if (!(error instanceof UserError)) throw error;
            }
          });
          // Remove a few to exercise the patching path.
          for (const id of [...compiled.keys()].filter((_, i) => i % 4 === 1)) {
            index.remove(id);
            compiled.delete(id);
          }
          for (const a of articles) {
            const input = { id: "x", ...a };
            const prepared = prepareArticle(input);
            const naive = [...compiled]
              .map(([id, t]) => ({ id, r: matchPrepared(t, prepared) }))
              .filter((x) => x.r !== undefined)
              .map((x) => ({ subscriptionId: x.id, ...x.r }))
              .sort((x, y) => x.subscriptionId.localeCompare(y.subscriptionId));
            const indexed = index
              .match(input)
              .sort((x, y) => x.subscriptionId.localeCompare(y.subscriptionId));
            expect(indexed).toEqual(naive);
            matchesSeen += naive.length;
          }
        },
      ),
      { numRuns: 300 },
    );
    // The agreement must be about real matches, not two empty lists.
    expect(matchesSeen).toBeGreaterThan(100);
  });

  it("keeps agreeing after thousands of topics come and go", () => {
    // Churn frees verdicts, reuses their ids and slots, and compacts the
    // pool their programs live in; what is left must still match exactly.
    const index = createSubscriptionIndex(library);
    const places = ["Iran", "Russia", "China", "Tehran", "Moscow"];
    const concepts = ["sanctions", "oil prices", "trade", "relations", "talks"];
    const live = new Map<string, ReturnType<typeof compileTopic>>();
    for (let i = 0; i < 6000; i++) {
      // Even: shared verdicts with their own exclusions; odd: a verdict each.
      const text =
        i % 2 === 0
          ? `${places[i % 5]} ${concepts[(i >> 3) % 5]} -w${i}`
          : `${places[i % 5]} x${i}`;
      index.add(`s${i}`, text);
      live.set(`s${i}`, compileTopic(text, library));
      if (i % 10 !== 0 && i % 10 !== 5) {
        index.remove(`s${i}`);
        live.delete(`s${i}`);
      }
    }
    index.add("extra", "Iran (oil OR trade)");
    live.set("extra", compileTopic("Iran (oil OR trade)", library));
    const article: TopicArticle = {
      id: "2",
      title: "Iran and Russia in oil sanctions talks",
      summary:
        "Tehran and Moscow discussed trade, sanctions and crude prices. w30 and x15 were there.",
    };
    const prepared = prepareArticle(article);
    const naive = [...live]
      .filter(([, t]) => matchPrepared(t, prepared) !== undefined)
      .map(([id]) => id)
      .sort();
    expect(naive.length).toBeGreaterThan(50);
    expect(naive).not.toContain("s30");
    expect(naive).toContain("s15");
    expect(
      index
        .match(article)
        .map((m) => m.subscriptionId)
        .sort(),
    ).toEqual(naive);
    expect(index.size).toBe(live.size);
  });
});
