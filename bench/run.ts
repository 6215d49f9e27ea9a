/**
 * `npm run bench [-- NAME…]`: runs every benchmark in bench/benchmarks.ts, or
 * the named ones. Each prints its figures and returns one summary line
 * `NAME: key=value …`, printed last. Never part of `npm test`.
 */
import { benchmarks } from "./benchmarks.js";

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const unknown = wanted.filter((name) => !(name in benchmarks));
if (unknown.length > 0) {
  console.error(
    `bench: no benchmark named ${unknown.join(", ")}; there are: ${Object.keys(benchmarks).join(", ")}`,
  );
  process.exit(2);
}
const names = wanted.length > 0 ? wanted : Object.keys(benchmarks);
const summaries: string[] = [];
for (const name of names) {
  const bench = benchmarks[name];
  if (!bench) continue;
  console.log(`\n== ${name} ==`);
  const line = await bench((text) => console.log(`  ${text}`));
  console.log(line);
  summaries.push(line);
}
console.log("\n== summary ==");
for (const line of summaries) console.log(line);
process.exit(0);
