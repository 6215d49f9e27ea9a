import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_FILE_ENV, envSettings } from "../../src/config/env-map.js";
import { configSchema } from "../../src/config/schema.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const compose = readFileSync(new URL("../../docker-compose.yml", import.meta.url), "utf8");
const rows = readme.split("\n").filter((l) => l.startsWith("| `"));

describe("documented settings", () => {
  it.each([...envSettings.map((s) => s.env), CONFIG_FILE_ENV])(
    "README documents %s in the configuration table",
    (name) => {
      expect(rows.some((r) => r.startsWith(`| \`${name}\``))).toBe(true);
    },
  );

  it("every variable in docker-compose.yml is one the config knows", () => {
    const known = new Set([...envSettings.map((s) => s.env), CONFIG_FILE_ENV]);
    // Newswire's own environment: the x-newswire-env block, plus PORT on the service.
    const block = compose.slice(compose.indexOf("x-newswire-env"), compose.indexOf("services:"));
    const used = [...block.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1] as string);
    expect(used.length).toBeGreaterThan(5);
    expect(used.filter((name) => !known.has(name))).toEqual([]);
  });

  it("every file setting is in the README's settings table", () => {
    const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const missing: string[] = [];
    let checked = 0;
    for (const [section, value] of Object.entries(configSchema.shape)) {
      const inner = (value as { _zod?: { def?: { innerType?: { shape?: object } } } })._zod?.def
        ?.innerType?.shape;
      const keys = inner
        ? Object.keys(inner).map((k) => `${snake(section)}.${snake(k)}`)
        : [snake(section)];
      for (const key of keys) {
        checked++;
        const envCovered = envSettings.some((s) => s.path.map(snake).join(".") === key);
        if (!envCovered && !readme.includes(`\`${key}\``)) missing.push(key);
      }
    }
    expect(checked).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });
});
