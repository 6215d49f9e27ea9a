import { existsSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { UserError } from "../core/errors.js";
import { CONFIG_FILE_ENV, DEFAULT_CONFIG_FILE, envSettings } from "./env-map.js";
import { type Config, configSchema } from "./schema.js";

type Env = Record<string, string | undefined>;
type Tree = Record<string, unknown>;

const camel = (key: string): string => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** YAML uses snake_case; section and setting names (two levels) become camelCase. User-named keys below stay as written. */
function camelizeTwoLevels(value: unknown, depth = 0): unknown {
  if (depth >= 2 || value === null || typeof value !== "object" || Array.isArray(value))
    return value;
  return Object.fromEntries(
    Object.entries(value as Tree).map(([k, v]) => [camel(k), camelizeTwoLevels(v, depth + 1)]),
  );
}

function setPath(tree: Tree, path: string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== "object") node[key] = {};
    node = node[key] as Tree;
  }
  node[path[path.length - 1] as string] = value;
}

function envValue(name: string, raw: string, type: "string" | "number" | "boolean"): unknown {
  if (type === "string") return raw;
  if (type === "number") {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n)) {
      throw new UserError(`config: ${name}=${JSON.stringify(raw)} is not a number`, {
        hint: `set ${name} to a number, e.g. ${name}=3000, or unset it for the default`,
      });
    }
    return n;
  }
  const lowered = raw.trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(lowered)) return true;
  if (["false", "0", "no", "off"].includes(lowered)) return false;
  throw new UserError(`config: ${name}=${JSON.stringify(raw)} is not true or false`, {
    hint: `set ${name}=true or ${name}=false`,
  });
}

function describePath(path: PropertyKey[]): string {
  const dotted = path.map((p) => snake(String(p))).join(".");
  const env = envSettings.find((s) => s.path.join(".") === path.join("."));
  return env ? `${dotted} (${env.env})` : dotted;
}

export interface LoadConfigOptions {
  env?: Env;
  /** The YAML file; default: $NEWSWIRE_CONFIG or config/default.yaml when it exists. */
  file?: string;
  /** Settings laid over the file and the environment (tests, CLI flags). */
  overrides?: Tree;
}

/** Reads the YAML file and the environment once and validates them; a bad value is a UserError naming the setting. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const file = options.file ?? env[CONFIG_FILE_ENV] ?? DEFAULT_CONFIG_FILE;
  let tree: Tree = {};
  if (existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = parseYaml(readFileSync(file, "utf8"));
    } catch (error) {
      throw new UserError(`config: ${file} is not valid YAML: ${(error as Error).message}`, {
        hint: "fix the file, or point NEWSWIRE_CONFIG at another one",
      });
    }
    if (parsed !== null && parsed !== undefined) {
      if (typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new UserError(`config: ${file} must hold a mapping of settings`, {
          hint: "see config/default.yaml for the shape",
        });
      }
      tree = camelizeTwoLevels(parsed) as Tree;
    }
  } else if (options.file !== undefined || env[CONFIG_FILE_ENV] !== undefined) {
    throw new UserError(`config: ${file} does not exist`, {
      hint: `create it, or unset ${CONFIG_FILE_ENV} to use ${DEFAULT_CONFIG_FILE}`,
    });
  }
  for (const setting of envSettings) {
    const raw = env[setting.env];
    if (raw === undefined || raw === "") continue;
    setPath(tree, setting.path, envValue(setting.env, raw, setting.type));
  }
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    const current = tree[key];
    tree[key] =
      current && typeof current === "object" && value && typeof value === "object"
        ? { ...(current as Tree), ...(value as Tree) }
        : value;
  }
  const result = configSchema.safeParse(tree);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? describePath(issue.path) : "(unknown)";
    throw new UserError(`config: ${where}: ${issue?.message ?? "invalid"}`, {
      hint: `fix ${where} in ${file} or the environment`,
    });
  }
  return result.data;
}
