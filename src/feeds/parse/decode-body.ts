import { isUtf8 } from "node:buffer";
import iconv from "iconv-lite";

export interface DecodedBody {
  text: string;
  /** The encoding the bytes were read as. */
  encoding: string;
  warnings: string[];
}

const BOMS: Array<[number[], string]> = [
  [[0xef, 0xbb, 0xbf], "utf-8"],
  [[0x00, 0x00, 0xfe, 0xff], "utf-32be"],
  [[0xff, 0xfe, 0x00, 0x00], "utf-32le"],
  [[0xfe, 0xff], "utf-16be"],
  [[0xff, 0xfe], "utf-16le"],
];

/** XML 1.0 Appendix F: UTF-16/32 without a BOM, told by how `<` or `<?` is laid out. */
const FIRST_BYTES: Array<[number[], string]> = [
  [[0x00, 0x00, 0x00, 0x3c], "utf-32be"],
  [[0x3c, 0x00, 0x00, 0x00], "utf-32le"],
  [[0x00, 0x3c, 0x00, 0x3f], "utf-16be"],
  [[0x3c, 0x00, 0x3f, 0x00], "utf-16le"],
  [[0x00, 0x7b], "utf-16be"],
  [[0x7b, 0x00], "utf-16le"],
];

function startsWith(body: Buffer, bytes: number[]): boolean {
  return body.length >= bytes.length && bytes.every((b, i) => body[i] === b);
}

/**
 * Labels browsers read differently from their names: WHATWG Encoding §4.2 maps
 * ISO-8859-1 and US-ASCII to windows-1252, which is what such feeds really hold.
 */
function canonical(label: string): string {
  const name = label.trim().toLowerCase();
  if (["iso-8859-1", "iso8859-1", "latin1", "l1", "us-ascii", "ascii"].includes(name)) {
    return "windows-1252";
  }
  if (name === "utf8") return "utf-8";
  return name;
}

function known(label: string): boolean {
  return iconv.encodingExists(label);
}

/** The `charset` parameter of a Content-Type header, or null. */
export function charsetOf(contentType: string | null | undefined): string | null {
  const match = contentType ? /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType) : null;
  return match?.[1] ?? null;
}

function declaredEncoding(body: Buffer): string | null {
  const head = body.subarray(0, 512).toString("latin1");
  const match = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return match?.[1] ?? null;
}

function decode(body: Buffer, encoding: string): string {
  return encoding === "utf-8" ? body.toString("utf8") : iconv.decode(body, encoding);
}

/**
 * Bytes to text, choosing the charset as RFC 7303 §3 and XML 1.0 Appendix F
 * rule: a BOM first, then the HTTP charset, then UTF-16/32 told by the first
 * bytes, then the XML declaration; without any, UTF-8 when the bytes are valid
 * UTF-8, else windows-1252 (recorded as a guess).
 */
export function decodeBody(body: Buffer, contentType?: string | null): DecodedBody {
  const warnings: string[] = [];
  for (const [bytes, encoding] of BOMS) {
    if (startsWith(body, bytes)) {
      return { text: decode(body.subarray(bytes.length), encoding), encoding, warnings };
    }
  }
  const sniffed = FIRST_BYTES.find(([bytes]) => startsWith(body, bytes))?.[1] ?? null;
  const http = charsetOf(contentType);
  if (http) {
    let encoding = canonical(http);
    // "utf-16" without a BOM says nothing of byte order: the first bytes do.
    if ((encoding === "utf-16" || encoding === "utf-32") && sniffed) encoding = sniffed;
    if (known(encoding)) return { text: decode(body, encoding), encoding, warnings };
    warnings.push(`charset "${http}" from Content-Type is unknown; ignored`);
  }
  if (sniffed) return { text: decode(body, sniffed), encoding: sniffed, warnings };
  const declared = declaredEncoding(body);
  if (declared) {
    const encoding = canonical(declared);
    // A declaration readable as ASCII cannot truly be UTF-16/32 (Appendix F).
    const multiByte = /^(utf-?16|utf-?32|ucs-?2|ucs-?4)/.test(encoding);
    if (multiByte) {
      warnings.push(`XML declaration says ${declared} but the bytes are not; read as UTF-8`);
    } else if (!known(encoding)) {
      warnings.push(`charset "${declared}" in the XML declaration is unknown; ignored`);
    } else if (encoding === "utf-8" && !isUtf8(body)) {
      warnings.push("charset guessed: declared UTF-8 but the bytes are not; read as windows-1252");
      return { text: decode(body, "windows-1252"), encoding: "windows-1252", warnings };
    } else {
      return { text: decode(body, encoding), encoding, warnings };
    }
  }
  if (isUtf8(body)) return { text: decode(body, "utf-8"), encoding: "utf-8", warnings };
  warnings.push(
    "charset guessed: no charset given and the bytes are not UTF-8; read as windows-1252",
  );
  return { text: decode(body, "windows-1252"), encoding: "windows-1252", warnings };
}
