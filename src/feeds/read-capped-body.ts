import type { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream";
import zlib from "node:zlib";
import { FetchError } from "./fetch-types.js";

/** The content codings we ask for and can undo (RFC 9110 §8.4.1). */
export const ACCEPT_ENCODING = "gzip, deflate, br";

/**
 * Read a response body, undoing its Content-Encoding, and stop as soon as the
 * decoded size passes `maxBytes`. The body is streamed, never buffered whole:
 * a 500 MB (or endless) answer, or a small gzip that inflates to gigabytes,
 * is cut off after `maxBytes` and the connection dropped. The cap counts
 * decoded bytes because that is what the parser would hold in memory.
 */
export async function readCappedBody(
  body: Readable,
  contentEncoding: string | null,
  maxBytes: number,
): Promise<Buffer> {
  const codings = parseCodings(contentEncoding);
  const unknown = codings.find((coding) => !KNOWN_CODINGS.has(coding));
  if (unknown !== undefined) {
    body.destroy();
    throw new FetchError(
      "network",
      `fetcher: the server sent the body encoded as "${unknown}", which Newswire cannot decode`,
    );
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let decoded: AsyncIterable<Buffer> = body;
  const decoders: Transform[] = [];
  let settled = false;
  try {
    if (codings.length > 0) {
      decoded = await decodeStream(body, codings, decoders);
    }
    for await (const chunk of decoded) {
      total += chunk.length;
      if (total > maxBytes) {
        throw new FetchError("too-large", `fetcher: body over ${formatBytes(maxBytes)} limit`);
      }
      chunks.push(chunk);
    }
    settled = true;
  } catch (error) {
    if (error instanceof FetchError) throw error;
    if (decoders.length > 0 && isZlibError(error)) {
      throw new FetchError(
        "network",
        `fetcher: the ${codings.join(", ")} body could not be decompressed (${(error as Error).message})`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    if (!settled) {
      // Drop the connection rather than drain it: draining 500 MB is what the cap prevents.
      body.destroy();
      for (const decoder of decoders) decoder.destroy();
    }
  }
  return Buffer.concat(chunks, total);
}

const KNOWN_CODINGS = new Set(["gzip", "x-gzip", "deflate", "br"]);

function parseCodings(header: string | null): string[] {
  if (header === null) return [];
  return header
    .split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "" && coding !== "identity");
}

/**
 * Codings are listed in the order they were applied (RFC 9110 §8.4), so they
 * are undone last to first. "deflate" is meant to be zlib-wrapped (RFC 9110
 * §8.4.1.2) but some servers send raw deflate: the outermost layer is sniffed
 * from its first two bytes (RFC 1950 §2.2 header check), as browsers do.
 */
async function decodeStream(
  body: Readable,
  codings: string[],
  decoders: Transform[],
): Promise<AsyncIterable<Buffer>> {
  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  const head = first.done ? null : first.value;
  async function* replay(): AsyncGenerator<Buffer> {
    if (head === null) return;
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const layers = [...codings].reverse();
  const streams = layers.map((coding, index) => {
    const decoder = createDecoder(coding, index === 0 ? head : null);
    decoders.push(decoder);
    return decoder;
  });
  const last = streams[streams.length - 1] as Transform;
  // Errors reach the consumer through `last` (pipeline destroys every stage with them).
  const stages = [replay(), ...streams] as unknown as [
    NodeJS.ReadableStream,
    NodeJS.WritableStream,
  ];
  pipeline(...stages, () => {});
  return last;
}

function createDecoder(coding: string, head: Buffer | null): Transform {
  const options = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  if (coding === "br") return zlib.createBrotliDecompress();
  if (coding === "deflate") {
    const zlibWrapped =
      head === null ||
      (head.length >= 2 &&
        ((head[0] as number) & 0x0f) === 8 &&
        (((head[0] as number) << 8) | (head[1] as number)) % 31 === 0);
    return zlibWrapped ? zlib.createInflate(options) : zlib.createInflateRaw(options);
  }
  // Z_SYNC_FLUSH: a body cut short by the server still yields what arrived.
  return zlib.createGunzip(options);
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("Z_");
}

/** 5242880 -> "5 MB": the cap as a person would write it. */
export function formatBytes(bytes: number): string {
  const tidy = (value: number): string => String(Number(value.toFixed(1)));
  if (bytes >= 1024 * 1024) return `${tidy(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${tidy(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
