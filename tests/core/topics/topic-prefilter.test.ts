import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/core/errors.js";
import {
  compileTopic,
  createTopicPrefilter,
  matchTopic,
  type TopicArticle,
} from "../../../src/core/topics/index.js";
import { repoLibrary } from "./library.js";

const library = repoLibrary({ chips: { terms: ["semiconductor", "chipmaker", "TSMC"] } });

const article = (title: string, summary = "", content = "", feed?: string): TopicArticle => ({
  id: "a",
  title,
  summary,
  content,
  ...(feed ? { feed } : {}),
});

const mayMatch = (topic: string, a: TopicArticle): boolean =>
  createTopicPrefilter(compileTopic(topic, library)).mayMatch(a);

describe("createTopicPrefilter", () => {
  it.each([
    {
      name: "a word the topic needs",
      topic: "Iran sanctions",
      title: "Iran's oil embargo",
      may: true,
    },
    {
      name: "one required concept missing",
      topic: "Iran sanctions",
      title: "Iran elects a president",
      may: false,
    },
    { name: "neither concept", topic: "Iran sanctions", title: "Football results", may: false },
    {
      name: "an inflected form (sanctioned)",
      topic: "bitcoin sanctions",
      title: "Bitcoin exchange sanctioned",
      may: true,
    },
    {
      name: "a stem that is no prefix (happily → happi)",
      topic: "happy",
      title: "They lived happily",
      may: true,
    },
    { name: "an added e (hoping → hope)", topic: "hope", title: "Hoping for rain", may: true },
    { name: "accents folded (Quebec)", topic: "Quebec", title: "Québec votes", may: true },
    { name: "accents folded (Québec typed)", topic: "Québec", title: "QUEBEC votes", may: true },
    {
      name: "an acronym with periods",
      topic: "US elections",
      title: "U.S. voters head to the polls",
      may: true,
    },
    { name: "an apostrophe inside a name", topic: "OBrien", title: "O’Brien wins", may: true },
    {
      name: "a word inside another is not it",
      topic: "Iran",
      title: "Tirana hosts talks",
      may: false,
    },
    {
      name: "a phrase needs its words",
      topic: '"central bank"',
      title: "The bank by the central station",
      may: true,
    },
    {
      name: "a phrase without one of its words",
      topic: '"central bank"',
      title: "A central question",
      may: false,
    },
    { name: "a prefix", topic: "econ*", title: "Economists warn", may: true },
    { name: "a prefix absent", topic: "econ*", title: "Markets rally", may: false },
    {
      name: "a feed is not looked for in the text",
      topic: "feed:reuters",
      title: "Anything",
      may: true,
    },
    {
      name: "an alternative",
      topic: "(bitcoin OR ethereum) ban",
      title: "Ethereum ban",
      may: true,
    },
    {
      name: "no alternative",
      topic: "(bitcoin OR ethereum) ban",
      title: "Dogecoin ban",
      may: false,
    },
    {
      name: "only what a topic must not say: every article",
      topic: "Iran -sanctions",
      title: "Iran",
      may: true,
    },
  ])("$name: $topic / $title → $may", ({ topic, title, may }) => {
    expect(mayMatch(topic, article(title))).toBe(may);
  });

  it("reads the summary and the content, as the matcher does", () => {
    expect(mayMatch("Iran", article("Talks", "Tehran said", "Nothing"))).toBe(true);
    expect(mayMatch("Iran", article("Talks", "Nothing", "Tehran said"))).toBe(true);
    expect(mayMatch("Iran", article("Talks", "Nothing", "Nothing more"))).toBe(false);
  });

  it("lets every article through when the topic requires nothing it can look for", () => {
    // A feed is matched against the feed's name, which the text does not hold.
    const anything = createTopicPrefilter(compileTopic("Iran OR feed:bbc", library));
    expect(anything.mayMatch(article("Rugby", "", "", "BBC Sport"))).toBe(true);
  });
});

/** Words the generated topics and articles are made of, in many written forms. */
const WORDS = [
  "Iran",
  "Iran's",
  "IRAN",
  "Iranian",
  "Tehran",
  "Russia",
  "Russian",
  "Kremlin",
  "Moscow",
  "China",
  "Chinese",
  "Beijing",
  "U.S.",
  "US",
  "us",
  "United States",
  "Washington",
  "U.K.",
  "Britain",
  "Québec",
  "Quebec",
  "Türkiye",
  "Turkey",
  "turkey",
  "O'Brien",
  "O’Brien",
  "sanctions",
  "sanctioned",
  "Sanctioning",
  "embargo",
  "embargoes",
  "relations",
  "related",
  "ties",
  "tie",
  "oil",
  "Oil",
  "crude",
  "Brent",
  "prices",
  "priced",
  "rose",
  "fell",
  "rising",
  "talks",
  "trade",
  "tariffs",
  "Fed",
  "fed",
  "rates",
  "rate",
  "rating",
  "cut",
  "cuts",
  "hoping",
  "hope",
  "happily",
  "happy",
  "mobility",
  "possibly",
  "agency",
  "policies",
  "policy",
  "police",
  "interest",
  "central",
  "bank",
  "banks",
  "bitcoin",
  "Bitcoin",
  "semiconductor",
  "TSMC",
  "chipmaker",
  "climate",
  "emissions",
  "ceasefire",
  "Ukraine",
  "Kyiv",
  "elections",
  "election",
  "voters",
  "fish",
  "football",
  "economy",
  "economic",
];
const SEPARATORS = [" ", " ", " ", ". ", ", ", " - ", "\n", "'s ", ": ", " “", "” "];

const word = fc.constantFrom(...WORDS);
const prose = (max: number) =>
  fc
    .array(fc.tuple(word, fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: max })
    .map((parts) => parts.map(([w, s]) => w + s).join(""));
const generatedArticle = fc.record({
  id: fc.constant("x"),
  title: prose(8),
  summary: prose(20),
  content: fc.oneof(fc.constant(""), prose(40)),
  feed: fc.constantFrom("Reuters World", "BBC News", "Al Jazeera"),
});
const topicWord = fc.constantFrom(
  "Iran",
  "Russia",
  "China",
  "US",
  "Britain",
  "Quebec",
  "Turkey",
  "sanctions",
  "relations",
  "oil",
  "prices",
  "trade",
  "tariffs",
  "rates",
  "interest rates",
  "policy",
  "bitcoin",
  "chips",
  "climate",
  "ceasefire",
  "Ukraine",
  "elections",
  "happy",
  "hope",
  "O'Brien",
  "economy",
);
const atom = fc.oneof(
  { weight: 6, arbitrary: topicWord },
  { weight: 1, arbitrary: fc.tuple(word, word).map(([a, b]) => `"${a} ${b}"`) },
  { weight: 1, arbitrary: fc.constantFrom("sanc*", "econ*", "Ira*", "polic*") },
  { weight: 1, arbitrary: topicWord.map((w) => `title:${w}`) },
  { weight: 1, arbitrary: fc.constantFrom("feed:reuters", "feed:bbc") },
  { weight: 1, arbitrary: fc.tuple(topicWord, topicWord).map(([a, b]) => `(${a} OR ${b})`) },
);
const topic = fc
  .tuple(fc.array(atom, { minLength: 1, maxLength: 3 }), fc.option(topicWord))
  .map(([atoms, not]) => `${atoms.join(" ")}${not ? ` -${not}` : ""}`);

describe("the prefilter is a necessary condition", () => {
  it("lets through every article the matcher matches", () => {
    let matched = 0;
    let ruledOut = 0;
    fc.assert(
      fc.property(
        topic,
        fc.array(generatedArticle, { minLength: 1, maxLength: 6 }),
        (text, articles) => {
          let compiled: ReturnType<typeof compileTopic>;
          try {
            compiled = compileTopic(text, library);
          } catch (error) {
            if (error instanceof UserError) return true;
            throw error;
          }
          const prefilter = createTopicPrefilter(compiled);
          for (const a of articles) {
            const may = prefilter.mayMatch(a);
            if (matchTopic(compiled, a) !== undefined) {
              matched++;
              if (!may) return false;
            } else if (!may) ruledOut++;
          }
          return true;
        },
      ),
      { numRuns: 2000 },
    );
    // Not vacuous: many matches were checked, and the prefilter did rule articles out.
    expect(matched).toBeGreaterThan(300);
    expect(ruledOut).toBeGreaterThan(2000);
  });
});
