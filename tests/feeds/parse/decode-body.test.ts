import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { charsetOf, decodeBody } from "../../../src/feeds/parse/decode-body.js";

const xml = (encoding: string | null, body: string): string =>
  `${encoding ? `<?xml version="1.0" encoding="${encoding}"?>` : ""}<t>${body}</t>`;

describe("decodeBody", () => {
  it.each([
    [
      "UTF-8 BOM",
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml(null, "é"))]),
      null,
      "utf-8",
    ],
    [
      "UTF-16BE BOM",
      Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(xml(null, "é"), "utf-16be")]),
      null,
      "utf-16be",
    ],
    ["UTF-16LE without BOM", iconv.encode(xml("utf-16", "é"), "utf-16le"), null, "utf-16le"],
    ["UTF-32BE without BOM", iconv.encode(xml(null, "é"), "utf-32be"), null, "utf-32be"],
    [
      "declared windows-1251",
      iconv.encode(xml("windows-1251", "Ж"), "windows-1251"),
      null,
      "windows-1251",
    ],
    [
      "HTTP charset over declaration",
      iconv.encode(xml("utf-8", "é"), "latin1"),
      "text/xml; charset=iso-8859-1",
      "windows-1252",
    ],
    ["declared utf-16 in ASCII bytes", Buffer.from(xml("utf-16", "é")), null, "utf-8"],
    ["bogus charset falls back", Buffer.from(xml("x-fake", "é")), null, "utf-8"],
  ])("%s", (_name, body, contentType, encoding) => {
    const decoded = decodeBody(body, contentType);
    expect(decoded.encoding).toBe(encoding);
    expect(decoded.text).toMatch(/<t>(é|Ж)<\/t>$/);
  });

  it("records a guess when no charset is given and the bytes are not UTF-8", () => {
    const decoded = decodeBody(iconv.encode(xml(null, "é"), "latin1"));
    expect(decoded.text).toBe("<t>é</t>");
    expect(decoded.warnings[0]).toMatch(/^charset guessed/);
  });

  it("reads the charset parameter of a Content-Type", () => {
    expect(charsetOf('application/rss+xml; charset="UTF-8"')).toBe("UTF-8");
    expect(charsetOf("text/xml")).toBeNull();
    expect(charsetOf(null)).toBeNull();
  });
});
