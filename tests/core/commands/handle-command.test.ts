import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, startApp } from "../../../src/app.js";
import { createCommandPorts } from "../../../src/app-command-ports.js";
import { loadConfig } from "../../../src/config/load-config.js";
import type { Article } from "../../../src/core/article.js";
import type { CommandHandler } from "../../../src/core/chat-platform.js";
import type { CommandRequest } from "../../../src/core/commands/command-request.js";
import { createCommandHandler } from "../../../src/core/commands/handle-command.js";
import type { Reply, ReplyBlock } from "../../../src/core/commands/reply-model.js";
import { digestSchedulerId } from "../../../src/queue/workers/digest-schedules.js";
import { createArticleRepository } from "../../../src/store/article-repository.js";
import { createDigestRepository } from "../../../src/store/digest-repository.js";
import { createFeedRepository } from "../../../src/store/feed-repository.js";

const CHANNEL = "console:newsroom";
const HOUR = 3_600_000;
const SEED = resolve(process.cwd(), "../shared/seed/iran-russia-2020-08-07.txt");

let dataDir: string;
let app: App;
let handle: CommandHandler;
let stopped = false;
const ids: Record<string, string> = {};

function article(key: string, title: string, body: string, hoursAgo: number): Article {
  const url = `https://news.example/${key}`;
  return {
    guid: url,
    url,
    canonicalUrl: url,
    title,
    summary: body.slice(0, 200),
    content: body,
    author: null,
    categories: [],
    publishedAt: new Date(Date.now() - hoursAgo * HOUR),
    publishedAtFromFeed: true,
  };
}

const ARTICLES: Article[] = [
  article(
    "oil-embargo",
    "US tightens sanctions on Iran's oil exports",
    "Washington announced new sanctions on Iran on Monday, targeting tankers that carry Iranian crude. Treasury officials said the sanctions aim to cut Tehran's oil revenue. Shipping firms were warned.",
    2,
  ),
  article(
    "eu-iran",
    "EU weighs response as Iran sanctions bite",
    "European diplomats met in Brussels to discuss the effect of sanctions on Iran. Several ministers said the sanctions on Iranian banks hurt trade with Europe.",
    5,
  ),
  article(
    "football",
    "Late goal wins the cup final",
    "A header in stoppage time decided the cup final on Saturday. The winning team celebrated with fans late into the night.",
    3,
  ),
  article(
    "old-iran",
    "Iran sanctions relief talks stall",
    "Talks on easing sanctions against Iran stalled again, officials in Vienna said. Iran wants relief from sanctions before further steps.",
    72,
  ),
];

function request(text: string, overrides: Partial<CommandRequest> = {}): CommandRequest {
  return {
    channel: CHANNEL,
    platform: "console",
    userId: "U1",
    canManage: true,
    text,
    isQuestion: false,
    ...overrides,
  };
}

const texts = (reply: Reply) =>
  reply.blocks
    .map((b) =>
      b.kind === "text" ? b.text : b.kind === "error" ? `${b.message} ${b.hint ?? ""}` : "",
    )
    .join("\n");
const block = <K extends ReplyBlock["kind"]>(reply: Reply, kind: K) =>
  reply.blocks.find((b): b is Extract<ReplyBlock, { kind: K }> => b.kind === kind);
const schedulers = async () =>
  (await app.queue.queue("digest").getJobSchedulers()).map((s) => ({
    key: s.key,
    ids: (s.template?.data as { subscriptionIds?: string[] } | undefined)?.subscriptionIds,
  }));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "newswire-commands-"));
  const config = loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" });
  const logger = pino({ level: "silent" });
  app = await startApp({ config, logger, role: "client" });
  const { feed } = await createFeedRepository(app.db).add({
    url: "https://news.example/feed.xml",
    title: "Example News",
  });
  ids.feed = feed.id;
  const stored = [...ARTICLES];
  if (existsSync(SEED)) {
    const [title = "", ...body] = readFileSync(SEED, "utf8").split("\n");
    stored.push({
      ...article("seed", title, body.join("\n"), 0),
      publishedAt: new Date("2020-08-07T12:00:00Z"),
    });
  }
  const repo = createArticleRepository(app.db);
  // First seen an hour ago: inside the preview's week, before any subscription.
  await repo.insert(feed.id, stored, new Date(Date.now() - HOUR));
  const all = await repo.seenSince(new Date(0));
  for (const a of all) ids[(a.url ?? "").split("/").pop() as string] = a.id;
  handle = createCommandHandler(createCommandPorts(app));
}, 60_000);

afterAll(async () => {
  if (!stopped) await app?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("read-only commands anyone may use", () => {
  const cases: Array<{
    name: string;
    text: string;
    isQuestion?: boolean;
    visibility: Reply["visibility"];
    expect: (reply: Reply) => void;
  }> = [
    {
      name: "help lists the commands",
      text: "help",
      visibility: "private",
      expect: (r) =>
        expect(
          block(r, "table")
            ?.rows.map((row) => row[0])
            .join(" "),
        ).toContain("subscribe"),
    },
    {
      name: "help for one command",
      text: "help subscribe",
      visibility: "private",
      expect: (r) => expect(texts(r)).toContain("/news subscribe"),
    },
    {
      name: "recent with a topic and a window finds only matching articles in the window",
      text: "recent Iran sanctions since 24h",
      visibility: "private",
      expect: (r) => {
        const items = block(r, "items")?.items ?? [];
        expect(items.map((i) => i.articleId).sort()).toEqual(
          [ids["oil-embargo"], ids["eu-iran"]].sort(),
        );
        for (const item of items) {
          expect(item.reasons.join(" ")).toMatch(/sanction/i);
          expect(item.summary.toLowerCase()).toMatch(/sanction|iran/);
        }
      },
    },
    {
      name: "recent with a wider window reaches older articles",
      text: "recent Iran sanctions since 1w",
      visibility: "private",
      expect: (r) =>
        expect(block(r, "items")?.items.map((i) => i.articleId)).toContain(ids["old-iran"]),
    },
    {
      name: "recent on something absent says nothing since when",
      text: "recent volcano eruption since 24h",
      visibility: "private",
      expect: (r) => expect(texts(r)).toMatch(/^Nothing on "volcano eruption" since /),
    },
    {
      name: "recent without a topic is newest first",
      text: "recent since 24h",
      visibility: "private",
      expect: (r) =>
        expect(block(r, "items")?.items.map((i) => i.articleId)).toEqual([
          ids["oil-embargo"],
          ids.football,
          ids["eu-iran"],
        ]),
    },
    {
      name: "a question is answered like recent",
      text: "@newswire what's new on Iran sanctions?",
      isQuestion: true,
      visibility: "private",
      expect: (r) =>
        expect(block(r, "items")?.items.map((i) => i.articleId)).toContain(ids["oil-embargo"]),
    },
    {
      name: "a question typed after /news is understood too",
      text: "what's new on Iran sanctions?",
      visibility: "private",
      expect: (r) => expect(block(r, "items")?.items.length).toBe(2),
    },
    {
      name: "an unknown command is a private error",
      text: "frobnicate now",
      visibility: "private",
      expect: (r) => expect(block(r, "error")?.message).toBeDefined(),
    },
    {
      name: "why for an unknown article is an error",
      text: "why 999999",
      visibility: "private",
      expect: (r) => expect(block(r, "error")?.message).toContain("no article 999999"),
    },
    {
      name: "feeds list shows each feed with its health",
      text: "feeds list",
      visibility: "private",
      expect: (r) =>
        expect(block(r, "table")?.rows).toEqual(
          [[ids.feed, "ok", "Example News", "5", ""]].map((row) =>
            existsSync(SEED) ? row : row.with(3, "4"),
          ),
        ),
    },
    {
      name: "status summarizes feed health",
      text: "status",
      visibility: "private",
      expect: (r) => expect(texts(r)).toMatch(/1 feed: 1 ok, 0 failing, 0 disabled/),
    },
  ];
  it.each(cases)("$name", async (c) => {
    const reply = await handle(
      request(c.text, { canManage: false, isQuestion: c.isQuestion ?? false }),
    );
    expect(reply.visibility).toBe(c.visibility);
    c.expect(reply);
  });
});

describe("subscriptions", () => {
  it("subscribe replies in channel with the schedule, the first digest, how to get one now and the preview", async () => {
    const reply = await handle(request("subscribe Iran sanctions"));
    expect(reply.visibility).toBe("channel");
    const text = texts(reply);
    const id = /subscription (\d+)/.exec(text)?.[1] as string;
    ids.iran = id;
    expect(text).toContain("daily at 08:00 UTC");
    expect(text).toMatch(/first digest comes \w{3} \d+ \w{3} 08:00 UTC/);
    expect(text).toContain("/news digest");
    expect(text).toContain("first seen from now on");
    const preview = block(reply, "items");
    const expected = existsSync(SEED) ? 4 : 3;
    expect(text).toContain(`${expected} articles from the last 7 days would have matched`);
    expect(preview?.items).toHaveLength(3);
    expect(preview?.more).toBe(expected - 3);
    for (const item of preview?.items ?? []) expect(item.reasons.length).toBeGreaterThan(0);
    expect(preview?.items.map((i) => i.articleId)).not.toContain(ids.football);
    expect(await schedulers()).toEqual([
      {
        key: digestSchedulerId({
          channel: CHANNEL,
          schedule: { every: "daily", at: "08:00", day: "mon", timeZone: "UTC" },
        }),
        ids: [id],
      },
    ]);
  });

  it.skipIf(!existsSync(SEED))(
    "the seed article is in the Iran sanctions preview, with reasons (needs ../shared/seed)",
    async () => {
      // The reply shows the best three; the preview behind it counts and ranks every match.
      const ports = createCommandPorts(app);
      const preview = await ports.articles.preview(
        "Iran sanctions",
        new Date(Date.now() - 7 * 24 * HOUR),
        10,
      );
      const seed = preview.best.find((m) => m.article.id === ids.seed);
      expect(seed?.reasons.join("; ")).toMatch(/Iran/);
      expect(seed?.reasons.join("; ")).toMatch(/sanction/i);
      expect(preview.count).toBe(4);
      const why = await handle(request(`why ${ids.seed}`));
      const row = block(why, "table")?.rows.find((r) => r[0] === ids.iran);
      expect(row?.[2]).toMatch(/^yes/);
    },
  );

  it("a topic nothing matches says so and suggests a broader form", async () => {
    const reply = await handle(request("subscribe zzqx frobnicate widget every daily at 08:00"));
    ids.zzqx = /subscription (\d+)/.exec(texts(reply))?.[1] as string;
    expect(texts(reply)).toContain("No article from the last 7 days would have matched");
    expect(texts(reply)).toContain("`zzqx frobnicate`");
    expect(texts(reply)).toContain("`zzqx OR frobnicate OR widget`");
    expect(block(reply, "items")).toBeUndefined();
    // Same channel, same schedule: one shared scheduler naming both.
    expect((await schedulers()).map((s) => s.ids)).toEqual([[ids.iran, ids.zzqx]]);
  });

  it("a realtime subscription says digests come as articles arrive and needs no scheduler", async () => {
    const reply = await handle(request("subscribe oil every realtime"));
    const id = /subscription (\d+)/.exec(texts(reply))?.[1] as string;
    expect(texts(reply)).toContain("in real time: digests come as matching articles arrive");
    expect(texts(reply)).not.toContain("first digest comes");
    expect((await schedulers()).map((s) => s.ids)).toEqual([[ids.iran, ids.zzqx]]);
    await handle(request(`unsubscribe ${id}`));
    expect((await schedulers()).map((s) => s.ids)).toEqual([[ids.iran, ids.zzqx]]);
  });

  it("feeds add is for managers, and refuses a private address with the guard's reason", async () => {
    const refused = await handle(
      request("feeds add https://example.org/feed.xml", { canManage: false }),
    );
    expect(block(refused, "error")?.message).toContain("can't feeds add");
    const blocked = await handle(request("feeds add http://127.0.0.1:9/feed.xml"));
    expect(blocked.visibility).toBe("private");
    expect(block(blocked, "error")?.message).toMatch(/refusing .*loopback/);
    const missing = await handle(request("feeds remove 999999"));
    expect(block(missing, "error")?.message).toContain("no feed 999999");
  });

  it("a malformed query is a private error pointing at the spot", async () => {
    const reply = await handle(request("subscribe Iran AND ("));
    expect(reply.visibility).toBe("private");
    const error = block(reply, "error");
    expect(error?.message).toContain("never closed");
    expect(error?.message).toContain("at character 10");
    expect(error?.hint).toBeTruthy();
  });

  it("someone who may not manage the channel is refused a subscribe but may list", async () => {
    const refused = await handle(request("subscribe oil prices", { canManage: false }));
    expect(refused.visibility).toBe("private");
    expect(block(refused, "error")?.message).toContain("can't subscribe");
    const list = await handle(request("list", { canManage: false }));
    expect(list.visibility).toBe("private");
    expect(block(list, "table")?.rows.map((r) => r[1])).toEqual([
      "Iran sanctions",
      "zzqx frobnicate widget",
    ]);
  });

  it("pause and resume by id keep the shared scheduler in step", async () => {
    const paused = await handle(request(`pause ${ids.iran}`));
    expect(paused.visibility).toBe("channel");
    expect(texts(paused)).toContain(`/news resume ${ids.iran}`);
    const list = await handle(request("list"));
    expect(block(list, "table")?.rows.find((r) => r[0] === ids.iran)?.[3]).toMatch(/^paused/);
    expect((await schedulers()).map((s) => s.ids)).toEqual([[ids.zzqx]]);
    const resumed = await handle(request(`resume ${ids.iran}`));
    expect(texts(resumed)).toContain("next digest comes");
    expect((await schedulers()).map((s) => s.ids)).toEqual([[ids.iran, ids.zzqx]]);
  });

  it("schedule moves a subscription to its own scheduler", async () => {
    const reply = await handle(request(`schedule ${ids.zzqx} every weekly on friday at 17:00`));
    expect(reply.visibility).toBe("channel");
    expect(texts(reply)).toContain("weekly on Friday at 17:00 UTC");
    expect((await schedulers()).map((s) => s.ids).sort()).toEqual([[ids.iran], [ids.zzqx]]);
  });

  it("why explains which concepts matched for each of the channel's subscriptions", async () => {
    const reply = await handle(request(`why ${ids["oil-embargo"]}`, { canManage: false }));
    expect(reply.visibility).toBe("private");
    const rows = block(reply, "table")?.rows ?? [];
    expect(rows.find((r) => r[0] === ids.iran)?.[3]).toMatch(/sanction/i);
    expect(rows.find((r) => r[0] === ids.zzqx)?.[2]).toBe("no");
  });

  it("digest says nothing new without pending matches, and asking twice enqueues one digest", async () => {
    const empty = await handle(request("digest", { canManage: false }));
    expect(texts(empty)).toContain("Nothing new");
    await createDigestRepository(app.db).insertMatches([
      {
        subscriptionId: ids.iran as string,
        articleId: ids["oil-embargo"] as string,
        score: 1,
        reasons: ["Iran: Iran"],
      },
    ]);
    const first = await handle(request("digest"));
    expect(first.visibility).toBe("channel");
    expect(texts(first)).toContain("on its way");
    await handle(request("digest"));
    const jobs = await app.queue.queue("digest").getJobs(["waiting", "delayed", "prioritized"]);
    // The schedulers' own delayed jobs are there too; the asked-for one is keyed `digest-now|…`.
    const asked = jobs.filter((j) => j.id?.startsWith("digest-now|"));
    expect(asked).toHaveLength(1);
    expect(asked[0]?.data).toEqual({
      channel: CHANNEL,
      subscriptionIds: [ids.iran, ids.zzqx],
      every: "realtime",
    });
  });

  it("unsubscribe by topic and by id; the last one removes the schedulers", async () => {
    const refused = await handle(request("unsubscribe Iran sanctions", { canManage: false }));
    expect(block(refused, "error")).toBeDefined();
    const byTopic = await handle(request("unsubscribe iran  SANCTIONS"));
    expect(byTopic.visibility).toBe("channel");
    expect(texts(byTopic)).toContain(`subscription ${ids.iran}`);
    const byId = await handle(request(`unsubscribe ${ids.zzqx}`));
    expect(texts(byId)).toContain("zzqx frobnicate widget");
    const missing = await handle(request(`unsubscribe ${ids.zzqx}`));
    expect(block(missing, "error")?.message).toContain(`no subscription ${ids.zzqx}`);
    expect(await schedulers()).toEqual([]);
    const list = await handle(request("list"));
    expect(texts(list)).toContain("follows no topics");
  });
});

describe("unexpected failures", () => {
  it("become a short apology with an error id, reported to onError, nothing internal", async () => {
    const reported: Array<{ error: unknown; errorId: string }> = [];
    const failing = createCommandHandler(createCommandPorts(app), {
      errorId: () => "e1",
      onError: (error, { errorId }) => reported.push({ error, errorId }),
    });
    await app.stop();
    stopped = true;
    const reply = await failing(request("list"));
    expect(reply.visibility).toBe("private");
    expect(block(reply, "error")?.message).toBe(
      "Sorry, something went wrong on our side (error id e1).",
    );
    expect(reported).toHaveLength(1);
    expect(reported[0]?.errorId).toBe("e1");
    expect(reported[0]?.error).toBeInstanceOf(Error);
  });
});
