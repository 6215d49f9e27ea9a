import { describe, expect, it } from "vitest";
import {
  bigIntToFingerprint,
  fingerprintToBigInt,
  hammingDistance,
  simhash,
} from "../../../src/core/stories/simhash.js";

const wire =
  "Iran strengthens relationship with Russia amid new pressure from Washington. Iranian foreign minister Mohammad Javad Zarif met with senior Russian officials in the Kremlin last month to tighten relations between Moscow and Tehran.";

describe("simhash", () => {
  const cases = [
    { name: "identical text", a: wire, b: wire, max: 0 },
    {
      name: "case and punctuation only",
      a: wire,
      b: wire.toUpperCase().replace(/\./g, " "),
      max: 0,
    },
    {
      name: "one word changed at the end",
      a: wire,
      b: wire.replace("Moscow and Tehran.", "Moscow and Tehran, officials said."),
      max: 10,
    },
  ];
  for (const { name, a, b, max } of cases) {
    it(`near: ${name}`, () => {
      expect(hammingDistance(simhash(a), simhash(b))).toBeLessThanOrEqual(max);
    });
  }

  it("unrelated texts are far apart", () => {
    const other =
      "Oil prices climbed on Monday after OPEC and its allies agreed to extend output cuts through the end of next year, traders said.";
    expect(hammingDistance(simhash(wire), simhash(other))).toBeGreaterThan(16);
  });

  it("is deterministic and 64-bit", () => {
    const value = simhash(wire);
    expect(simhash(wire)).toBe(value);
    expect(value).toBeLessThan(1n << 64n);
    expect(fingerprintToBigInt(bigIntToFingerprint(value))).toBe(value);
  });

  it("counts differing bits across both halves", () => {
    expect(hammingDistance(0n, (1n << 63n) | 1n)).toBe(2);
    expect(hammingDistance(0xffffffffffffffffn, 0n)).toBe(64);
  });
});
