import { describe, expect, it } from "vitest";
import {
  createEntityDecoder,
  EntityExpansionError,
  readDoctype,
} from "../../../src/feeds/parse/doctype-entities.js";

describe("readDoctype", () => {
  it("reads internal entities, nested and with character references, and blanks the DOCTYPE", () => {
    const text =
      '<!DOCTYPE rss [\n<!ENTITY co "Acme &amp; Co">\n<!ENTITY nb "&#160;">\n<!ENTITY full "&co;&nb;Ltd">\n]>\n<rss/>';
    const doctype = readDoctype(text);
    expect(doctype.entities.get("full")).toBe("Acme & Co\u00a0Ltd");
    expect(doctype.text).toBe("\n\n\n\n\n<rss/>");
    expect(createEntityDecoder(doctype.entities)("&full; &amp; &eacute;")).toBe(
      "Acme & Co\u00a0Ltd & é",
    );
  });

  it("refuses self-reference", () => {
    expect(() => readDoctype('<!DOCTYPE a [<!ENTITY x "&y;"><!ENTITY y "&x;">]><a/>')).toThrow(
      EntityExpansionError,
    );
  });

  it("bounds the total expansion of references in the document", () => {
    const big = "x".repeat(60_000);
    const decode = createEntityDecoder(new Map([["big", big]]));
    expect(() => decode("&big;".repeat(100))).toThrow(/beyond 4 MB/);
  });

  it("leaves a document without DOCTYPE untouched", () => {
    expect(readDoctype("<rss/>")).toEqual({ text: "<rss/>", entities: new Map(), external: false });
  });
});
