import { describe, expect, it } from "vitest";
import { decodeEntities, htmlToText } from "../../../src/core/text/html-to-text.js";

describe("htmlToText", () => {
  it.each([
    ["plain text, whitespace collapsed", "  a\n\t b  ", "a b"],
    ["tags dropped", "A <b>bold</b> <a href='x'>move</a>", "A bold move"],
    ["entities decoded", "Caf&eacute; &amp; &#x263A; &quot;q&quot;", 'Café & ☺ "q"'],
    ["scripts and styles skipped", "a<script>alert(1)</script><style>p{}</style>b", "ab"],
    ["a lone < stays text", "1 < 2 and 3<4", "1 < 2 and 3<4"],
    ["non-breaking spaces collapse", "a&nbsp;&nbsp; b", "a b"],
  ])("%s", (_name, html, text) => {
    expect(htmlToText(html, { singleLine: true })).toBe(text);
  });

  it("keeps paragraphs apart unless asked for one line", () => {
    const html = "<p>One <i>two</i></p><p>Three<br>four</p>";
    expect(htmlToText(html)).toBe("One two\n\nThree\nfour");
    expect(htmlToText(html, { singleLine: true })).toBe("One two Three four");
  });
});

describe("decodeEntities", () => {
  it("decodes named and numeric references, leaves bare & and unterminated names", () => {
    expect(decodeEntities("R&D &amp; &copy &hellip; &#8212;")).toBe("R&D & &copy … —");
  });
});
