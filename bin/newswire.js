#!/usr/bin/env node
// Node 20 cannot run TypeScript by itself: tsx loads src/ directly, so
// `npm ci && npm start` needs no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
