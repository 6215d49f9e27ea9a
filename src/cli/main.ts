import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { loadConfig } from "../config/load-config.js";
import type { Config } from "../config/schema.js";
import { ServiceUnavailableError, UserError } from "../core/errors.js";
import type { CliContext } from "./cli-context.js";
import { EXIT_OK, EXIT_SERVICE_UNAVAILABLE, EXIT_USAGE, EXIT_USER_ERROR } from "./exit-codes.js";
import { registerCommands } from "./register-commands.js";

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

export function createContext(overrides: Partial<CliContext> = {}): CliContext {
  let config: Config | undefined;
  return {
    config: () => {
      config ??= loadConfig();
      return config;
    },
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    isTty: Boolean(process.stdout.isTTY),
    ...overrides,
  };
}

/** Runs the `newswire` command; returns the exit code. */
export async function main(argv: string[], context: CliContext = createContext()): Promise<number> {
  const program = new Command("newswire")
    .description("Newswire: news digests for Slack, Discord and the terminal")
    .version(packageVersion(), "-v, --version")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => context.stdout.write(s),
      writeErr: (s) => context.stderr.write(s),
    })
    .showHelpAfterError("(run newswire --help for the list of commands)");
  registerCommands(program, context);
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT_OK;
  } catch (error) {
    return reportError(error, context);
  }
}

function reportError(error: unknown, context: CliContext): number {
  if (error instanceof CommanderError) {
    if (["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code)) {
      return EXIT_OK;
    }
    return EXIT_USAGE;
  }
  if (error instanceof UserError) {
    context.stderr.write(`${error.message}\n${error.hint ? `  ${error.hint}\n` : ""}`);
    return EXIT_USER_ERROR;
  }
  if (error instanceof ServiceUnavailableError) {
    context.stderr.write(`${error.message}\n  ${error.hint}\n`);
    return EXIT_SERVICE_UNAVAILABLE;
  }
  const id = Math.random().toString(36).slice(2, 10);
  context.stderr.write(
    `newswire: something went wrong (error id ${id}): ${(error as Error)?.message ?? String(error)}\n`,
  );
  if (process.env.LOG_LEVEL === "debug") context.stderr.write(`${(error as Error)?.stack}\n`);
  return EXIT_USER_ERROR;
}
