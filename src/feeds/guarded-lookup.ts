import { promises as dns, type LookupAddress, type LookupOptions } from "node:dns";
import { assertPublicAddress } from "./ssrf-guard.js";

/** Resolves a host name to its addresses (injectable so tests can resolve names without DNS). */
export type HostLookup = (hostname: string) => Promise<LookupAddress[]>;

export const systemLookup: HostLookup = (hostname) =>
  dns.lookup(hostname, { all: true, verbatim: true });

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** The shape `net.connect({ lookup })` calls (with `all: true` under Happy Eyeballs). */
export type SocketLookup = (
  hostname: string,
  options: LookupOptions,
  callback: LookupCallback,
) => void;

/**
 * A `lookup` for net/tls.connect: resolve, check every address with the SSRF
 * guard, and hand the socket only the checked addresses. The socket connects
 * to exactly what was checked, so a DNS answer that changes between a check
 * and a connect (DNS rebinding) has nothing to slip through.
 *
 * One blocked address refuses the whole name: a public site has no reason to
 * publish a private address, and Happy Eyeballs could otherwise pick it.
 */
export function createSocketLookup(
  lookup: HostLookup,
  guard: boolean,
  allowedAddresses: ReadonlySet<string> = new Set(),
): SocketLookup {
  return (hostname, options, callback) => {
    lookup(hostname)
      .then((found) => {
        const wanted =
          options.family === 4 || options.family === 6
            ? found.filter((entry) => entry.family === options.family)
            : found;
        if (wanted.length === 0) {
          const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          error.code = "ENOTFOUND";
          throw error;
        }
        if (guard) for (const entry of wanted) assertPublicAddress(entry.address, allowedAddresses);
        if (options.all) {
          callback(null, wanted);
          return;
        }
        const first = wanted[0] as LookupAddress;
        callback(null, first.address, first.family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, ""));
  };
}
