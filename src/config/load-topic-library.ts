import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { UserError } from "../core/errors.js";
import { compileTopicLibrary, type TopicLibrary } from "../core/topics/index.js";
import type { Config } from "./schema.js";

/**
 * Reads the topic library named by `topics.library` and lays the config's
 * `topics.custom` concepts over it. Core compiles; this is the I/O half.
 */
export function loadTopicLibrary(topics: Config["topics"]): TopicLibrary {
  let text: string;
  try {
    text = readFileSync(topics.library, "utf8");
  } catch (error) {
    throw new UserError(`topics: cannot read the topic library ${topics.library}`, {
      hint: "set topics.library in the config to an existing file, e.g. config/topics.yaml",
      cause: error,
    });
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new UserError(
      `topics: ${topics.library} is not valid YAML: ${(error as Error).message}`,
      {
        hint: "fix the file; config/topics.yaml in the repository shows the shape",
        cause: error,
      },
    );
  }
  return compileTopicLibrary(data, topics.custom);
}
