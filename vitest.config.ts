import { defineConfig } from "vitest/config";
import { PlainSummaryReporter } from "./tests/support/plain-summary-reporter.js";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Suites share one Redis and one PostgreSQL server; each uses its own
    // key prefix / schema, so files may run in parallel on the 2 cores.
    maxWorkers: 2,
    reporters: ["default", new PlainSummaryReporter()],
  },
});
