import { describe, expect, it } from "vitest";
import { compileTopic } from "../../../src/core/topics/index.js";
import { rarestFirst, topicRequirements } from "../../../src/core/topics/topic-requirements.js";
import { repoLibrary } from "./library.js";

describe("topicRequirements", () => {
  const library = repoLibrary();
  const required = (topic: string): string[][] | undefined =>
    topicRequirements(compileTopic(topic, library).root)?.map((alternative) =>
      rarestFirst(alternative).map((c) => c.label),
    );

  it("requires every concept of an and, the rarest first", () => {
    expect(required("oil prices Iran Zarif")).toEqual([["zarif", "Iran", "oil", "prices"]]);
  });

  it("multiplies out ors while the alternatives stay few, and leaves out what would make many", () => {
    expect(required("Iran (sanctions OR Zarif)")).toEqual([
      ["Iran", "sanctions"],
      ["zarif", "Iran"],
    ]);
    const wide = required(
      "(a1 OR a2 OR a3 OR a4 OR a5) (b1 OR b2 OR b3 OR b4 OR b5) Iran",
    ) as string[][];
    expect(wide).toHaveLength(5);
    for (const alternative of wide) expect(alternative).toContain("Iran");
  });
});
