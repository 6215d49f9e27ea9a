import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { UserError } from "../../src/core/errors.js";

function yamlFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "newswire-config-"));
  const file = join(dir, "config.yaml");
  writeFileSync(file, text);
  return file;
}

function errorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error("expected a UserError");
}

describe("loadConfig", () => {
  it("gives the documented defaults with an empty environment and no file", () => {
    const config = loadConfig({ env: {}, file: yamlFile("") });
    expect(config.dataDir).toBe("./data");
    expect(config.http.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
    expect(config.redis.url).toBeUndefined();
    expect(config.feeds.maxBodyBytes).toBe(5 * 1024 * 1024);
    expect(config.feeds.starterFeeds).toBe(true);
    expect(config.defaults).toEqual({ timezone: "UTC", every: "daily", at: "08:00", day: "mon" });
    expect(config.digest.maxItemsPerTopic).toBe(8);
  });

  it("reads the shipped config/default.yaml without error", () => {
    const config = loadConfig({ env: {}, file: "config/default.yaml" });
    expect(config.feeds.minIntervalMs).toBe(300_000);
  });

  const envCases: Array<{
    name: string;
    env: Record<string, string>;
    check: (c: ReturnType<typeof loadConfig>) => unknown;
    want: unknown;
  }> = [
    { name: "PORT as a number", env: { PORT: "4100" }, check: (c) => c.http.port, want: 4100 },
    {
      name: "DATABASE_URL",
      env: { DATABASE_URL: "postgres://u@h:5432/d" },
      check: (c) => c.database.url,
      want: "postgres://u@h:5432/d",
    },
    {
      name: "REDIS_URL",
      env: { REDIS_URL: "redis://127.0.0.1:6379" },
      check: (c) => c.redis.url,
      want: "redis://127.0.0.1:6379",
    },
    {
      name: "FEED_ALLOW_PRIVATE=true",
      env: { FEED_ALLOW_PRIVATE: "true" },
      check: (c) => c.feeds.allowPrivate,
      want: true,
    },
    {
      name: "NEWSWIRE_STARTER_FEEDS=false",
      env: { NEWSWIRE_STARTER_FEEDS: "false" },
      check: (c) => c.feeds.starterFeeds,
      want: false,
    },
    {
      name: "an empty variable counts as unset",
      env: { PORT: "" },
      check: (c) => c.http.port,
      want: 3000,
    },
  ];
  it.each(envCases)("environment: $name", ({ env, check, want }) => {
    expect(check(loadConfig({ env, file: yamlFile("") }))).toEqual(want);
  });

  it("reads snake_case YAML and lets the environment win over it", () => {
    const file = yamlFile(
      "http:\n  port: 5000\nfeeds:\n  starter_feeds: false\ntopics:\n  custom:\n    My_Concept:\n      terms: [a, b]\n",
    );
    const config = loadConfig({ env: { PORT: "6000" }, file });
    expect(config.http.port).toBe(6000);
    expect(config.feeds.starterFeeds).toBe(false);
    expect(Object.keys(config.topics.custom)).toEqual(["My_Concept"]);
  });

  const badCases = [
    { name: "a port that is not a number", env: { PORT: "abc" }, yaml: "", names: "PORT" },
    {
      name: "a boolean that is not one",
      env: { FEED_ALLOW_PRIVATE: "maybe" },
      yaml: "",
      names: "FEED_ALLOW_PRIVATE",
    },
    {
      name: "a DATABASE_URL that is not a URL",
      env: { DATABASE_URL: "localhost" },
      yaml: "",
      names: "DATABASE_URL",
    },
    {
      name: "a time that is not HH:MM",
      env: {},
      yaml: "defaults:\n  at: 25:00\n",
      names: "defaults.at",
    },
    {
      name: "a negative body cap",
      env: {},
      yaml: "feeds:\n  max_body_bytes: -1\n",
      names: "feeds.max_body_bytes",
    },
    {
      name: "a log level that does not exist",
      env: { LOG_LEVEL: "loud" },
      yaml: "",
      names: "LOG_LEVEL",
    },
    { name: "YAML that is not a mapping", env: {}, yaml: "- a\n- b\n", names: "mapping" },
    { name: "YAML that does not parse", env: {}, yaml: "a: [\n", names: "not valid YAML" },
  ];
  it.each(badCases)("refuses $name, naming the setting", ({ env, yaml, names }) => {
    const error = errorOf(() => loadConfig({ env, file: yamlFile(yaml) }));
    expect(error.message).toContain(names);
    expect(error.hint).toBeTruthy();
  });

  it("says so when NEWSWIRE_CONFIG names a missing file", () => {
    const error = errorOf(() => loadConfig({ env: { NEWSWIRE_CONFIG: "/nonexistent/x.yaml" } }));
    expect(error.message).toContain("/nonexistent/x.yaml does not exist");
  });
});
