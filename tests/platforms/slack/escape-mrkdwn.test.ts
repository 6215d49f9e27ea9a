import { describe, expect, it } from "vitest";
import {
  escapeMrkdwn,
  escapeMrkdwnClamped,
  mrkdwnLink,
  safeLinkUrl,
} from "../../../src/platforms/slack/escape-mrkdwn.js";
import { mrkdwnTokens } from "./slack-test-kit.js";

describe("escapeMrkdwn", () => {
  it.each([
    ["broadcast", "<!channel> look", "&lt;!channel&gt; look"],
    ["here", "<!here>", "&lt;!here&gt;"],
    ["user mention", "hi <@U123>", "hi &lt;@U123&gt;"],
    ["disguised link", "<http://evil|click>", "&lt;http://evil|click&gt;"],
    ["already-escaped text stays visible as typed", "&lt;", "&amp;lt;"],
    ["formatting is harmless and kept", "*bold* _it_", "*bold* _it_"],
  ])("%s", (_name, input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
    expect(mrkdwnTokens(escapeMrkdwn(input))).toEqual([]);
  });

  it("clamps by escaped length without cutting an entity", () => {
    const out = escapeMrkdwnClamped("&&&&&&&&&&", 12);
    expect(out.length).toBeLessThanOrEqual(12);
    expect(out).toBe("&amp;&amp;…");
  });

  it("leaves short text alone", () => {
    expect(escapeMrkdwnClamped("short & sweet", 100)).toBe("short &amp; sweet");
  });
});

describe("safeLinkUrl", () => {
  it.each([
    [
      "a pipe cannot start a label",
      "https://a.example/x|<!channel>",
      "https://a.example/x%7C%3C!channel%3E",
    ],
    ["an angle bracket cannot close the link", "https://a.example/x>y", "https://a.example/x%3Ey"],
    ["& is escaped as Slack asks", "https://a.example/?a=1&b=2", "https://a.example/?a=1&amp;b=2"],
  ])("%s", (_name, input, expected) => {
    expect(safeLinkUrl(input)).toBe(expected);
  });

  it.each([["javascript:alert(1)"], ["slack://channel?id=C1"], ["not a url"], [""], [null]])(
    "refuses %s",
    (input) => {
      expect(safeLinkUrl(input)).toBeNull();
    },
  );

  it("drops URLs too long for a section", () => {
    expect(safeLinkUrl(`https://a.example/${"x".repeat(2_000)}`)).toBeNull();
  });
});

describe("mrkdwnLink", () => {
  it("makes exactly one link token whose URL is the safe one", () => {
    const link = mrkdwnLink("https://a.example/x|y", "Title <@U1> > end");
    expect(mrkdwnTokens(link)).toEqual(["<https://a.example/x%7Cy|Title &lt;@U1&gt; &gt; end>"]);
  });

  it("falls back to the label without a usable URL", () => {
    expect(mrkdwnLink("javascript:x", "<!here>")).toBe("&lt;!here&gt;");
  });
});
