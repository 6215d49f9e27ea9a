import { describe, expect, it } from "vitest";
import { sanitizeTerminalText } from "../../../src/platforms/console/sanitize-terminal-text.js";
import { unsafeCharacters } from "./terminal-safety.js";

describe("sanitizeTerminalText", () => {
  it.each([
    { name: "plain text is kept", input: "Markets rally", expected: "Markets rally" },
    { name: "CSI clear screen is removed", input: "Hi\x1b[2Jthere", expected: "Hithere" },
    { name: "cursor movement is removed", input: "a\x1b[10;5Hb\x1b[1A", expected: "ab" },
    { name: "SGR recolouring is removed", input: "\x1b[31mred\x1b[0m", expected: "red" },
    { name: "OSC window title (BEL) is removed", input: "x\x1b]0;pwned\x07y", expected: "xy" },
    {
      name: "OSC 8 hyperlink (ST) is removed",
      input: "\x1b]8;;http://e.vil\x1b\\click\x1b]8;;\x1b\\",
      expected: "click",
    },
    { name: "8-bit CSI is removed", input: "a\u009b2Jb", expected: "ab" },
    {
      name: "carriage return cannot overwrite",
      input: "Real title\rFAKE",
      expected: "Real title FAKE",
    },
    { name: "backspace and bell are removed", input: "ab\b\b\x07cd", expected: "abcd" },
    { name: "lone ESC is removed", input: "a\x1bb", expected: "ab" },
    { name: "NUL and DEL are removed", input: "a\u0000b\u007fc", expected: "abc" },
    { name: "bidi override is removed", input: "abc\u202edef\u202c", expected: "abcdef" },
    { name: "newlines and tabs become one space", input: " a\n\n\tb  ", expected: "a b" },
    { name: "non-Latin text is kept", input: "東京 · Київ · café", expected: "東京 · Київ · café" },
  ])("single line: $name", ({ input, expected }) => {
    const output = sanitizeTerminalText(input);
    expect(output).toBe(expected);
    expect(unsafeCharacters(output)).toEqual([]);
  });

  it.each([
    { name: "line breaks are kept", input: "one\ntwo", expected: "one\ntwo" },
    { name: "CRLF and CR become LF", input: "one\r\ntwo\rthree", expected: "one\ntwo\nthree" },
    { name: "indentation is kept", input: "list:\n  item", expected: "list:\n  item" },
    { name: "escapes still go", input: "a\x1b[2J\nb", expected: "a\nb" },
  ])("multiline: $name", ({ input, expected }) => {
    expect(sanitizeTerminalText(input, { multiline: true })).toBe(expected);
  });
});
