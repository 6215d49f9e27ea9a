import { tokenizeWords } from "../text/focus-matcher.js";

/**
 * SimHash (Charikar 2002) over word shingles: texts that share most of their
 * shingles get fingerprints a few bits apart, so syndicated copies of one
 * story (same wire text, another outlet's punctuation or tail) land close.
 * 64 bits, computed as two 32-bit halves because BigInt arithmetic per
 * shingle is several times slower; exposed as a bigint for storage.
 */
export const SHINGLE_SIZE = 3;

/** Frequent words carry no identity and make unrelated short texts look alike. */
const STOP_WORDS = new Set(
  "a an the of to in on at for and or but is are was were be been by with as from that this it its has have had will would said says".split(
    " ",
  ),
);

export interface Fingerprint {
  hi: number;
  lo: number;
}

export function simhash(text: string): bigint {
  return fingerprintToBigInt(simhashParts(text));
}

export function simhashParts(text: string): Fingerprint {
  const hashes: number[] = [];
  for (const word of tokenizeWords(text)) if (!STOP_WORDS.has(word)) hashes.push(fnv1a32(word));
  // A shingle's hash is mixed from its words' hashes: no shingle strings are built.
  const shingles: number[] = [];
  if (hashes.length < SHINGLE_SIZE) {
    if (hashes.length > 0) shingles.push(hashes.reduce((h, w) => mixWord(h, w), 0));
  } else {
    for (let i = 0; i + SHINGLE_SIZE <= hashes.length; i++) {
      let h = 0;
      for (let j = 0; j < SHINGLE_SIZE; j++) h = mixWord(h, hashes[i + j] as number);
      shingles.push(h);
    }
  }
  // Count set bits per position; a bit is set in the fingerprint when more
  // than half the shingles set it (the usual +1/-1 vote, without the branches).
  const counts = new Int32Array(64);
  for (const shingle of shingles) {
    // Two avalanched variants of the shingle's hash give its 64 bits.
    let lo = fmix32(shingle);
    let hi = fmix32(shingle ^ 0x9e3779b9);
    while (lo !== 0) {
      const bit = 31 - Math.clz32(lo & -lo);
      counts[bit] = (counts[bit] as number) + 1;
      lo &= lo - 1;
    }
    while (hi !== 0) {
      const bit = 63 - Math.clz32(hi & -hi);
      counts[bit] = (counts[bit] as number) + 1;
      hi &= hi - 1;
    }
  }
  let lo = 0;
  let hi = 0;
  for (let bit = 0; bit < 32; bit++) {
    if ((counts[bit] as number) * 2 > shingles.length) lo |= 1 << bit;
    if ((counts[bit + 32] as number) * 2 > shingles.length) hi |= 1 << bit;
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

/** Order-sensitive combination of word hashes ("a b c" differs from "c b a"). */
function mixWord(hash: number, word: number): number {
  return (Math.imul(hash ^ word, 0x01000193) + 0x7f4a7c15) | 0;
}

export function fingerprintToBigInt(fp: Fingerprint): bigint {
  return (BigInt(fp.hi) << 32n) | BigInt(fp.lo);
}

export function bigIntToFingerprint(value: bigint): Fingerprint {
  return { hi: Number((value >> 32n) & 0xffffffffn), lo: Number(value & 0xffffffffn) };
}

/** Bits that differ between two fingerprints (0..64). */
export function hammingDistance(a: Fingerprint | bigint, b: Fingerprint | bigint): number {
  const x = typeof a === "bigint" ? bigIntToFingerprint(a) : a;
  const y = typeof b === "bigint" ? bigIntToFingerprint(b) : b;
  return popcount32(x.hi ^ y.hi) + popcount32(x.lo ^ y.lo);
}

function popcount32(value: number): number {
  let v = value >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** FNV-1a over UTF-16 code units with Math.imul, so the hash stays in 32 bits. */
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's finalizer: spreads every input bit over all output bits. */
function fmix32(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
