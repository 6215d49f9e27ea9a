import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import {
  type CustomConcepts,
  compileTopicLibrary,
  type TopicLibrary,
} from "../../../src/core/topics/index.js";

const yaml: unknown = parseYaml(
  readFileSync(new URL("../../../config/topics.yaml", import.meta.url), "utf8"),
);

/** The repository's topic library (config/topics.yaml), compiled. */
export function repoLibrary(custom: CustomConcepts = {}): TopicLibrary {
  return compileTopicLibrary(yaml, custom);
}
