/**
 * `npm run bench [-- NAME…]`: runs every bench/NAME.bench.ts, or the named
 * ones, and prints each one's summary line again at the end. Never part of
 * `npm test`.
 */
import { readdirSync } from "node:fs";
import type { Benchmark } from "./benchmark.js";

const dir = new URL(".", import.meta.url);
const available = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .map((f) => f.slice(0, -".bench.ts".length))
  .sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(
    `bench: no benchmark named ${unknown.join(", ")}; there are: ${available.join(", ")}`,
  );
  process.exit(2);
}
const summaries: string[] = [];
for (const name of wanted.length > 0 ? wanted : available) {
  const module = (await import(new URL(`${name}.bench.ts`, dir).href)) as { bench: Benchmark };
  console.log(`\n== ${name} ==`);
  const line = await module.bench((text) => console.log(`  ${text}`));
  console.log(line);
  summaries.push(line);
}
console.log("\n== summary ==");
for (const line of summaries) console.log(line);
process.exit(0);
