import { describe, expect, it } from "vitest";
import { guidedStart, type StartFacts } from "../../src/cli/guided-start.js";

const facts = (over: Partial<StartFacts> = {}): StartFacts => ({
  url: "http://localhost:3000",
  slack: false,
  discord: false,
  feeds: 12,
  starterAdded: 12,
  ...over,
});

const lines = (text: string) => text.trimEnd().split("\n");

describe("guidedStart", () => {
  it("on a first run with no platform: the URL, both ways to add one, the starter feeds and chat", () => {
    const text = guidedStart(facts(), { color: false });
    expect(text).toContain("http://localhost:3000");
    expect(text).toContain("no Slack or Discord yet");
    expect(text).toMatch(
      /slack\/manifest\.yaml.*SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET.*slack\/README\.md/,
    );
    expect(text).toMatch(/DISCORD_TOKEN and DISCORD_APPLICATION_ID.*discord\/README\.md/);
    expect(text).toContain("polling 12 feeds (12 starter feeds added");
    expect(text).toContain("npx newswire chat");
    expect(lines(text).length).toBeLessThanOrEqual(12);
    expect(text.endsWith("\n")).toBe(true);
  });

  it("plain text without a terminal; bold headings with one, same words", () => {
    const plain = guidedStart(facts(), { color: false });
    expect(plain).not.toContain("\x1b[");
    const styled = guidedStart(facts(), { color: true });
    expect(styled).toContain("\x1b[1m");
    expect(styled.replaceAll("\x1b[1m", "").replaceAll("\x1b[0m", "")).toBe(plain);
  });

  it("names the platforms that are on and gives no setup steps then", () => {
    const both = guidedStart(facts({ slack: true, discord: true }), { color: false });
    expect(both).toContain("Slack and Discord connected");
    expect(both).not.toContain("SLACK_BOT_TOKEN");
    expect(both).not.toContain("DISCORD_TOKEN");
    const slack = guidedStart(facts({ slack: true }), { color: false });
    expect(slack).toContain("Chat: Slack connected");
    expect(slack).not.toContain("Discord");
    const discord = guidedStart(facts({ discord: true }), { color: false });
    expect(discord).toContain("Chat: Discord connected");
    expect(discord).not.toContain("SLACK_");
  });

  it("counts feeds, says starter feeds only when this start added some, and how to add the first", () => {
    const later = guidedStart(facts({ feeds: 1, starterAdded: 0 }), { color: false });
    expect(later).toContain("polling 1 feed.");
    expect(later).not.toContain("starter");
    const none = guidedStart(facts({ feeds: 0, starterAdded: 0 }), { color: false });
    expect(none).toContain("Feeds: none yet");
    expect(none).toContain("npx newswire feeds add <url>");
    const one = guidedStart(facts({ feeds: 3, starterAdded: 1 }), { color: false });
    expect(one).toContain("polling 3 feeds (1 starter feed added");
  });
});
