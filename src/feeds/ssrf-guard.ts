import ipaddr from "ipaddr.js";
import { FetchError } from "./fetch-types.js";

/**
 * The SSRF guard: which addresses a feed may live on. Feeds are fetched on a
 * user's say-so, so a URL must not be able to reach the machine itself, the
 * local network or the cloud metadata service. The check runs on the address
 * the connection will actually use (see guarded-lookup.ts), never on the name,
 * so DNS cannot answer one thing to the check and another to the connection.
 *
 * The rule is an allow-list: only ordinary global unicast passes; every
 * special-purpose range (RFC 6890 registries) is refused with a plain name.
 */

/** Cloud metadata endpoints, named on their own because they are the usual SSRF target. */
const METADATA_ADDRESSES = new Set([
  "169.254.169.254", // AWS, GCP, Azure, OpenStack
  "fd00:ec2::254", // AWS over IPv6
  "100.100.100.200", // Alibaba Cloud
  "168.63.129.16", // Azure wire server (a public-looking address only reachable inside Azure)
]);

const IPV4_KIND: Record<string, string> = {
  unspecified: "an unspecified (0.0.0.0/8) address",
  broadcast: "the broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address",
  loopback: "a loopback address",
  carrierGradeNat: "a carrier-grade NAT (100.64.0.0/10) address",
  private: "a private (RFC 1918) address",
  reserved: "a reserved address",
};

const IPV6_KIND: Record<string, string> = {
  unspecified: "the unspecified address (::)",
  linkLocal: "a link-local IPv6 address",
  multicast: "a multicast IPv6 address",
  loopback: "a loopback address",
  uniqueLocal: "a private IPv6 (unique local, fc00::/7) address",
  deprecatedSiteLocal: "a site-local IPv6 address",
  reserved: "a reserved IPv6 address",
  discard: "a discard-only IPv6 address",
  benchmarking: "a benchmarking IPv6 address",
  teredo: "a Teredo tunnel address",
};

/** IPv4 ranges that are public services (anycast DNS, multicast tunnels): allowed. */
const IPV4_PUBLIC = new Set(["unicast", "as112", "amt"]);
const IPV6_PUBLIC = new Set(["unicast", "as112v6", "amt"]);

/**
 * Why `address` (an IP literal, as resolved) must not be fetched, in words for
 * a person ("a loopback address"), or null when it is a public address.
 */
export function blockedAddressKind(address: string): string | null {
  const normalized = normalizeAddress(address);
  if (!ipaddr.isValid(normalized)) return "an address that is not a valid IP address";
  const parsed = ipaddr.parse(normalized);
  if (METADATA_ADDRESSES.has(normalized)) return "the cloud metadata address";
  if (parsed.kind() === "ipv4") return ipv4Kind(parsed as ipaddr.IPv4);
  return ipv6Kind(parsed as ipaddr.IPv6);
}

/** "[::FFFF:7f00:1]" -> "::ffff:7f00:1": one spelling per address, for comparisons. */
export function normalizeAddress(address: string): string {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  return ipaddr.isValid(bare) ? ipaddr.parse(bare).toString() : bare;
}

function ipv4Kind(ip: ipaddr.IPv4): string | null {
  const range = ip.range();
  if (IPV4_PUBLIC.has(range)) return null;
  return IPV4_KIND[range] ?? `a special-purpose address (${range})`;
}

function ipv6Kind(ip: ipaddr.IPv6): string | null {
  const range = ip.range();
  // ::ffff:a.b.c.d (RFC 4291 §2.5.5.2) and ::ffff:0:a.b.c.d (RFC 6145) reach
  // IPv4 hosts through the IPv6 stack: no public feed is published that way,
  // so they are refused whatever the IPv4 address, and named by it.
  if (range === "ipv4Mapped" || range === "rfc6145") {
    const inner = embeddedIpv4(ip, 12);
    const innerKind = ipv4Kind(inner) ?? "an IPv4 address";
    return `${innerKind} written as IPv4-mapped IPv6 (${inner.toString()})`;
  }
  // NAT64 (RFC 6052, 64:ff9b::/96) reaches the IPv4 address in the last 32
  // bits: fine for a public one, refused for a private one. The local-use
  // prefix 64:ff9b:1::/48 (RFC 8215) is the operator's own network.
  if (range === "rfc6052") {
    if (!ipaddr.IPv6.parse("64:ff9b::").match(ip, 96)) return "a local-use NAT64 address";
    return translatedKind(embeddedIpv4(ip, 12), "NAT64");
  }
  // 6to4 (RFC 3056) embeds the IPv4 address in bits 16..48.
  if (range === "6to4") return translatedKind(embeddedIpv4(ip, 2), "6to4");
  if (IPV6_PUBLIC.has(range)) return null;
  return IPV6_KIND[range] ?? `a special-purpose IPv6 address (${range})`;
}

function translatedKind(inner: ipaddr.IPv4, via: string): string | null {
  const innerKind = blockedAddressKind(inner.toString());
  return innerKind === null ? null : `${innerKind} reached through ${via} (${inner.toString()})`;
}

function embeddedIpv4(ip: ipaddr.IPv6, byteOffset: number): ipaddr.IPv4 {
  const bytes = ip.toByteArray().slice(byteOffset, byteOffset + 4);
  return new ipaddr.IPv4(bytes);
}

/** A resolved address the guard refused; the fetcher turns it into a FetchError naming the URL. */
export class BlockedAddressError extends Error {
  override readonly name = "BlockedAddressError";
  readonly address: string;
  readonly kind: string;

  constructor(address: string, kind: string) {
    super(`fetcher: refusing to connect to ${address}, ${kind}`);
    this.address = address;
    this.kind = kind;
  }
}

/**
 * Throws BlockedAddressError unless `address` is public or one of the
 * `allowed` exceptions (normalized IP strings, e.g. one intranet feed server).
 */
export function assertPublicAddress(
  address: string,
  allowed: ReadonlySet<string> = new Set(),
): void {
  if (allowed.size > 0 && allowed.has(normalizeAddress(address))) return;
  const kind = blockedAddressKind(address);
  if (kind !== null) throw new BlockedAddressError(address, kind);
}

/** The refusal a person reads (DESIGN.md: FEED_ALLOW_PRIVATE lifts the guard). */
export function blockedAddressError(url: string, blocked: BlockedAddressError): FetchError {
  return new FetchError(
    "blocked-address",
    `fetcher: refusing ${url} : it resolves to ${blocked.address}, ${blocked.kind}; ` +
      "feeds must be on the public internet (set FEED_ALLOW_PRIVATE=true for intranets)",
    { cause: blocked },
  );
}

/** Feeds are fetched over http(s) only: file:, ftp:, gopher:, data: ... could read local files or speak other protocols. */
export function parseFeedUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new FetchError("bad-url", `fetcher: "${raw}" is not a valid URL`, { cause });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchError(
      "bad-url",
      `fetcher: refusing ${raw} : only http and https URLs can be feeds, not ${url.protocol.slice(0, -1)}`,
    );
  }
  return url;
}
