import { describe, expect, it } from "vitest";
import { createReplayGuard } from "../../../src/platforms/slack/replay-guard.js";

describe("createReplayGuard", () => {
  it("refuses a key seen within the window and forgets it after", () => {
    const guard = createReplayGuard(1_000);
    expect(guard.seenBefore("a", 0)).toBe(false);
    expect(guard.seenBefore("a", 999)).toBe(true);
    expect(guard.seenBefore("b", 1_500)).toBe(false);
    expect(guard.seenBefore("a", 2_001)).toBe(false);
  });

  it("holds at most maxEntries keys", () => {
    const guard = createReplayGuard(60_000, 2);
    guard.seenBefore("a", 0);
    guard.seenBefore("b", 1);
    guard.seenBefore("c", 2);
    expect(guard.seenBefore("a", 3)).toBe(false);
    expect(guard.seenBefore("c", 4)).toBe(true);
  });
});
