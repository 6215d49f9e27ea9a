import { PassThrough, Readable } from "node:stream";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import type { CliContext } from "../../src/cli/cli-context.js";
import { registerMatchCommand } from "../../src/cli/commands/match.js";
import { configSchema } from "../../src/config/schema.js";
import { UserError } from "../../src/core/errors.js";

const lines = [
  {
    id: "1",
    title: "Tehran hit by new embargo",
    summary: "Iranian banks face sanctions.",
    content: "",
    url: "https://example.com/1",
  },
  {
    id: "2",
    title: "Iran beats Japan in Asian Cup",
    summary: "Two goals in Doha.",
    content: "",
    url: "https://example.com/2",
  },
  {
    id: "3",
    title: "US blacklists Iranian shipping firms",
    summary: "",
    content: "The Treasury said the firms moved oil.",
    url: "https://example.com/3",
  },
];

function collect(stream: PassThrough): () => string {
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  return () => text;
}

async function run(args: string[], input: string, custom = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const context: CliContext = {
    config: () => configSchema.parse({ topics: { custom } }),
    stdin: Readable.from([input]),
    stdout,
    stderr,
    isTty: false,
  };
  const program = new Command("newswire").exitOverride();
  registerMatchCommand(program, context);
  await program.parseAsync(["match", ...args], { from: "user" });
  return out();
}

const jsonl = lines.map((l) => JSON.stringify(l)).join("\n");

describe("newswire match", () => {
  it("prints the matching articles as JSON lines with --json", async () => {
    const out = await run(["Iran", "sanctions", "--json"], jsonl);
    const rows = out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: string; score: number; reasons: string[] });
    expect(rows.map((r) => r.id)).toEqual(["1", "3"]);
    expect(rows[0]?.reasons).toEqual(["Iran: Tehran, Iranian", "sanctions: embargo, sanctions"]);
    expect(rows.every((r) => r.score > 0)).toBe(true);
  });

  it("prints score, id, title, link and reasons for people", async () => {
    const out = await run(["Iran", "sanctions"], jsonl);
    expect(out).toMatch(
      /^\d+\.\d\d {2}1 {2}Tehran hit by new embargo {2}https:\/\/example.com\/1\n {6}Iran: Tehran, Iranian\n/,
    );
    expect(out).not.toContain("Asian Cup");
  });

  it("uses custom concepts from the config", async () => {
    const out = await run(["shipping", "--json"], jsonl, {
      shipping: { terms: ["tanker", "Treasury"] },
    });
    expect(
      out
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { id: string }).id),
    ).toEqual(["3"]);
  });

  it("prints nothing when nothing matches, and skips blank lines", async () => {
    expect(await run(["oil", "prices", "--json"], `${jsonl}\n\n`)).toBe("");
  });

  it.each([
    {
      name: "a line that is not JSON",
      input: "{not json",
      message: /line 1 of the input is not JSON/,
    },
    {
      name: "a line that is not an object",
      input: "[1,2]",
      message: /line 1 of the input is not a JSON object/,
    },
    { name: "an article without text", input: '{"id":"1"}', message: /line 1 has no title/ },
  ])("rejects $name with a UserError", async ({ input, message }) => {
    await expect(run(["Iran"], input)).rejects.toThrow(message);
    await expect(run(["Iran"], input)).rejects.toBeInstanceOf(UserError);
  });

  it("rejects a malformed topic with a UserError", async () => {
    await expect(run(["Iran", "("], jsonl)).rejects.toBeInstanceOf(UserError);
  });
});
