import { describe, expect, it } from "vitest";
import { COMMAND_NAMES } from "../../../src/core/commands/command-help.js";
import { helpReply } from "../../../src/core/commands/help-reply.js";
import { parseCommand } from "../../../src/core/commands/parse-command.js";

const context = { now: new Date("2026-11-30T10:00:00Z"), timeZone: "UTC" };

describe("helpReply", () => {
  it("lists every command with an example", () => {
    const reply = helpReply();
    expect(reply.visibility).toBe("private");
    const table = reply.blocks.find((b) => b.kind === "table");
    if (table?.kind !== "table") throw new Error("help has no table");
    expect(table.rows.map((r) => r[0]?.split(" ")[1])).toEqual([...COMMAND_NAMES]);
    for (const row of table.rows) expect(row[2]).toMatch(/^\/news /);
  });

  it("every example in the help parses", () => {
    const reply = helpReply();
    const table = reply.blocks.find((b) => b.kind === "table");
    if (table?.kind !== "table") throw new Error("help has no table");
    for (const name of COMMAND_NAMES) {
      for (const block of helpReply(name).blocks) {
        if (block.kind !== "text" || !block.text.startsWith("Examples")) continue;
        for (const example of block.text.matchAll(/`([^`]+)`/g)) {
          expect(() => parseCommand(example[1] as string, context), example[1]).not.toThrow();
        }
      }
    }
  });

  const cases = [
    { name: "one command", command: "subscribe", summary: /^\/news subscribe <topic>/ },
    { name: "case-insensitive", command: "FEEDS", summary: /^\/news feeds/ },
    { name: "unknown command", command: "nope", summary: /no command "nope"/ },
  ];
  for (const { name, command, summary } of cases) {
    it(name, () => expect(helpReply(command).summary).toMatch(summary));
  }
});
