import { describe, expect, it } from "vitest";
import { clusterStories, type StoryCandidate } from "../../../src/core/stories/cluster-stories.js";

const lead =
  "Iranian foreign minister Mohammad Javad Zarif met with senior Russian officials in the Kremlin last month to tighten relations between Moscow and Tehran, a report said Thursday.";
const story = (over: Partial<StoryCandidate>): StoryCandidate => ({
  canonicalUrl: null,
  title: "Iran strengthens relationship with Russia",
  lead,
  ...over,
});
const unrelated = story({
  title: "Oil prices climb after OPEC extends output cuts",
  lead: "Oil prices climbed on Monday after OPEC and its allies agreed to extend output cuts through next year.",
});

describe("clusterStories", () => {
  const cases: Array<{ name: string; items: StoryCandidate[]; expected: number[][] }> = [
    {
      name: "same canonical URL, different text",
      items: [
        story({ canonicalUrl: "https://a.example/x" }),
        story({
          title: "Floods close schools across the north",
          lead: "Heavy rain flooded towns.",
        }),
        { ...unrelated, canonicalUrl: "https://a.example/x" },
      ],
      expected: [[0, 2], [1]],
    },
    {
      name: "syndicated copy with the same title and lead",
      items: [
        story({ canonicalUrl: "https://a.example/1" }),
        unrelated,
        story({ canonicalUrl: "https://b.example/2" }),
      ],
      expected: [[0, 2], [1]],
    },
    {
      name: "lightly retitled copy (title Jaccard)",
      items: [
        story({ title: "Iran strengthens its relationship with Russia amid pressure" }),
        story({
          title: "Iran strengthens relationship with Russia amid pressure",
          lead: "A completely different opening paragraph written by another outlet about the meeting.",
        }),
      ],
      expected: [[0, 1]],
    },
    {
      name: "different stories stay apart",
      items: [story({}), unrelated],
      expected: [[0], [1]],
    },
    {
      name: "short generic titles do not merge on Jaccard",
      items: [
        story({ title: "Live updates", lead: "Rain hits the north." }),
        story({ title: "Live updates", lead: "Markets rally on rate hopes." }),
      ],
      expected: [[0], [1]],
    },
    {
      name: "transitive: a~b by URL, b~c by text",
      items: [
        { ...unrelated, canonicalUrl: "https://x.example/s" },
        story({ canonicalUrl: "https://x.example/s" }),
        story({ canonicalUrl: "https://y.example/t" }),
      ],
      expected: [[0, 1, 2]],
    },
    { name: "empty", items: [], expected: [] },
  ];
  for (const { name, items, expected } of cases) {
    it(name, () => {
      expect(clusterStories(items)).toEqual(expected);
    });
  }
});
