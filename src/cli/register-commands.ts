import type { Command } from "commander";
import type { CliContext } from "./cli-context.js";

/**
 * Every verb of the `newswire` command. Each lives in commands/<verb>.ts and
 * exports `register…Command(program, context)`.
 */
export function registerCommands(_program: Command, _context: CliContext): void {}
