import type { LookupAddress } from "node:dns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchError } from "../../src/feeds/fetch-types.js";
import { createFetcher, type FetcherOptions } from "../../src/feeds/fetcher.js";
import { createSocketLookup } from "../../src/feeds/guarded-lookup.js";
import { BlockedAddressError, blockedAddressKind } from "../../src/feeds/ssrf-guard.js";
import { type FeedServer, startFeedServer } from "../support/feed-server.js";

describe("blockedAddressKind", () => {
  it.each([
    ["IPv4 loopback", "127.0.0.1", "a loopback address"],
    ["anywhere in 127/8", "127.1.2.3", "a loopback address"],
    ["RFC 1918 10/8", "10.1.2.3", "a private (RFC 1918) address"],
    ["RFC 1918 172.16/12", "172.31.255.255", "a private (RFC 1918) address"],
    ["RFC 1918 192.168/16", "192.168.0.1", "a private (RFC 1918) address"],
    ["link-local", "169.254.10.1", "a link-local address"],
    ["cloud metadata", "169.254.169.254", "the cloud metadata address"],
    ["AWS IPv6 metadata", "fd00:ec2::254", "the cloud metadata address"],
    ["CGNAT", "100.64.0.1", "a carrier-grade NAT (100.64.0.0/10) address"],
    ["multicast", "224.0.0.251", "a multicast address"],
    ["unspecified", "0.0.0.0", "an unspecified (0.0.0.0/8) address"],
    ["broadcast", "255.255.255.255", "the broadcast address"],
    ["reserved 240/4", "240.0.0.1", "a reserved address"],
    ["documentation range", "192.0.2.1", "a reserved address"],
    ["IPv6 loopback", "::1", "a loopback address"],
    ["IPv6 unspecified", "::", "the unspecified address (::)"],
    ["IPv6 link-local", "fe80::1", "a link-local IPv6 address"],
    ["IPv6 link-local with zone", "fe80::1%eth0", "a link-local IPv6 address"],
    ["IPv6 ULA", "fd12:3456::1", "a private IPv6 (unique local, fc00::/7) address"],
    ["IPv6 multicast", "ff02::1", "a multicast IPv6 address"],
    [
      "IPv4-mapped loopback",
      "::ffff:127.0.0.1",
      "a loopback address written as IPv4-mapped IPv6 (127.0.0.1)",
    ],
    [
      "IPv4-mapped, hex spelling",
      "::ffff:7f00:1",
      "a loopback address written as IPv4-mapped IPv6 (127.0.0.1)",
    ],
    [
      "NAT64 of a private address",
      "64:ff9b::a00:1",
      "a private (RFC 1918) address reached through NAT64 (10.0.0.1)",
    ],
    ["NAT64 local-use prefix", "64:ff9b:1::1", "a local-use NAT64 address"],
    ["6to4 of loopback", "2002:7f00:1::1", "a loopback address reached through 6to4 (127.0.0.1)"],
    ["bracketed", "[::1]", "a loopback address"],
    ["not an address", "example.com", "an address that is not a valid IP address"],
  ])("refuses %s (%s)", (_name, address, kind) => {
    expect(blockedAddressKind(address)).toBe(kind);
  });

  it.each([
    ["public IPv4", "93.184.215.14"],
    ["public DNS", "8.8.8.8"],
    ["just outside 172.16/12", "172.32.0.1"],
    ["just outside CGNAT", "100.128.0.1"],
    ["public IPv6", "2606:4700:4700::1111"],
    ["NAT64 of a public address", "64:ff9b::808:808"],
    ["6to4 of a public address", "2002:808:808::1"],
  ])("allows %s (%s)", (_name, address) => {
    expect(blockedAddressKind(address)).toBeNull();
  });
});

describe("createSocketLookup (what the socket connects to)", () => {
  const resolveWith = (addresses: LookupAddress[]) => async (): Promise<LookupAddress[]> =>
    addresses;

  function run(
    addresses: LookupAddress[],
    guard: boolean,
    all = true,
  ): Promise<{ error: Error | null; address: unknown }> {
    const lookup = createSocketLookup(resolveWith(addresses), guard);
    return new Promise((resolve) => {
      lookup("feeds.example.test", { all }, (error, address) => resolve({ error, address }));
    });
  }

  it("hands public addresses to the socket", async () => {
    const addresses: LookupAddress[] = [{ address: "93.184.215.14", family: 4 }];
    expect(await run(addresses, true)).toEqual({ error: null, address: addresses });
    expect((await run(addresses, true, false)).address).toBe("93.184.215.14");
  });

  it("refuses a name with any private address among its answers", async () => {
    const { error } = await run(
      [
        { address: "93.184.215.14", family: 4 },
        { address: "10.0.0.7", family: 4 },
      ],
      true,
    );
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect((error as BlockedAddressError).address).toBe("10.0.0.7");
  });

  it("passes private addresses when the guard is off", async () => {
    const { error } = await run([{ address: "10.0.0.7", family: 4 }], false);
    expect(error).toBeNull();
  });
});

describe("the fetcher's guard", () => {
  const options: FetcherOptions = {
    userAgent: "Newswire/0.1 (+https://github.com/newswire-bot/newswire)",
    connectTimeoutMs: 1_000,
    totalTimeoutMs: 3_000,
    maxBodyBytes: 1024 * 1024,
    maxRedirects: 5,
    perHostConcurrency: 2,
    allowPrivate: false,
  };
  let server: FeedServer;

  beforeAll(async () => {
    server = await startFeedServer({
      "/feed": { kind: "static", body: "<rss/>" },
      "/to-metadata": { kind: "redirect", status: 302, location: "http://169.254.169.254/" },
      "/to-loopback": { kind: "redirect", status: 302, location: "/feed" },
      "/to-mapped": { kind: "redirect", status: 301, location: "http://[::ffff:127.0.0.1]/" },
    });
    // Absolute now that the port is known: 127.1.2.3 is loopback but not the exempted 127.0.0.1.
    server.route("/to-loopback", {
      kind: "redirect",
      status: 302,
      location: `http://127.1.2.3:${server.port}/feed`,
    });
  });

  afterAll(async () => {
    await server.close();
  });

  async function refusal(
    fetcherOptions: FetcherOptions,
    url: string,
    request: { guard?: boolean } = {},
  ): Promise<FetchError> {
    const fetcher = createFetcher(fetcherOptions);
    try {
      const error = await fetcher.fetch({ url, ...request }).then(
        () => null,
        (caught: unknown) => caught,
      );
      if (!(error instanceof FetchError))
        throw new Error(`expected a refusal, got ${String(error)}`);
      return error;
    } finally {
      await fetcher.close();
    }
  }

  it("refuses 127.0.0.1 before connecting, in words a person can act on", async () => {
    server.resetCounters();
    const url = server.url("/feed");
    const error = await refusal(options, url);
    expect(error.code).toBe("blocked-address");
    expect(error.message).toBe(
      `fetcher: refusing ${url} : it resolves to 127.0.0.1, a loopback address; feeds must be on the public internet (set FEED_ALLOW_PRIVATE=true for intranets)`,
    );
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ["decimal", (port: number) => `http://2130706433:${port}/feed`],
    ["hex and short form", (port: number) => `http://0x7f.1:${port}/feed`],
    ["trailing dot", (port: number) => `http://127.0.0.1.:${port}/feed`],
    ["localhost by name (system resolver)", (port: number) => `http://localhost:${port}/feed`],
  ])("refuses loopback spelled another way: %s", async (_name, url) => {
    server.resetCounters();
    const error = await refusal(options, url(server.port));
    expect(error.code).toBe("blocked-address");
    expect(error.message).toMatch(/a loopback address/);
    expect(server.requests).toHaveLength(0);
  });

  it("refuses ::ffff:127.0.0.1 written as a URL", async () => {
    const error = await refusal(options, `http://[::ffff:127.0.0.1]:${server.port}/feed`);
    expect(error.code).toBe("blocked-address");
    expect(error.message).toContain("written as IPv4-mapped IPv6 (127.0.0.1)");
  });

  it("refuses a host name that resolves to a private address", async () => {
    const lookup = async (): Promise<LookupAddress[]> => [{ address: "10.0.0.7", family: 4 }];
    const error = await refusal({ ...options, lookup }, "http://intranet.example.test/feed");
    expect(error.code).toBe("blocked-address");
    expect(error.message).toBe(
      "fetcher: refusing http://intranet.example.test/feed : it resolves to 10.0.0.7, a private (RFC 1918) address; feeds must be on the public internet (set FEED_ALLOW_PRIVATE=true for intranets)",
    );
  });

  it("refuses a host name that resolves to ::ffff:127.0.0.1", async () => {
    const lookup = async (): Promise<LookupAddress[]> => [
      { address: "::ffff:127.0.0.1", family: 6 },
    ];
    server.resetCounters();
    const error = await refusal(
      { ...options, lookup },
      `http://sneaky.example.test:${server.port}/feed`,
    );
    expect(error.code).toBe("blocked-address");
    expect(server.requests).toHaveLength(0);
  });

  describe("after a redirect (the test server itself is exempted)", () => {
    const exempt = { ...options, allowedAddresses: ["127.0.0.1"] };

    it("refuses a redirect to the metadata address without connecting", async () => {
      const error = await refusal(exempt, server.url("/to-metadata"));
      expect(error.code).toBe("blocked-address");
      expect(error.message).toMatch(
        /^fetcher: refusing http:\/\/169\.254\.169\.254\/ : it resolves to 169\.254\.169\.254, the cloud metadata address;/,
      );
    });

    it("refuses a redirect to another loopback address", async () => {
      server.resetCounters();
      const error = await refusal(exempt, server.url("/to-loopback"));
      expect(error.code).toBe("blocked-address");
      expect(error.message).toContain("127.1.2.3, a loopback address");
      expect(server.requestsTo("/to-loopback")).toHaveLength(1);
    });

    it("refuses a redirect to ::ffff:127.0.0.1", async () => {
      const error = await refusal(exempt, server.url("/to-mapped"));
      expect(error.code).toBe("blocked-address");
    });

    it("a host name resolving to the exempted address passes", async () => {
      const lookup = async (): Promise<LookupAddress[]> => [{ address: "127.0.0.1", family: 4 }];
      const fetcher = createFetcher({ ...exempt, lookup });
      try {
        const result = await fetcher.fetch({
          url: `http://feeds.example.test:${server.port}/feed`,
        });
        expect(result.kind).toBe("ok");
        expect(server.requestsTo("/feed").at(-1)?.headers.host).toBe(
          `feeds.example.test:${server.port}`,
        );
      } finally {
        await fetcher.close();
      }
    });
  });

  describe("lifting the guard", () => {
    it("allowPrivate lets loopback through", async () => {
      const fetcher = createFetcher({ ...options, allowPrivate: true });
      try {
        expect((await fetcher.fetch({ url: server.url("/feed") })).kind).toBe("ok");
      } finally {
        await fetcher.close();
      }
    });

    it("a request's guard: true wins over allowPrivate", async () => {
      const error = await refusal({ ...options, allowPrivate: true }, server.url("/feed"), {
        guard: true,
      });
      expect(error.code).toBe("blocked-address");
    });

    it("a request's guard: false lifts it for that request", async () => {
      const fetcher = createFetcher(options);
      try {
        const result = await fetcher.fetch({ url: server.url("/feed"), guard: false });
        expect(result.kind).toBe("ok");
      } finally {
        await fetcher.close();
      }
    });
  });
});
