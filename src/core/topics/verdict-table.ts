import type { AnalyzedText } from "./analyze-text.js";
import type { CompiledTopic } from "./compile-topic.js";
import type { ConceptHits } from "./concept-hits.js";
import { evaluateTopic, type TopicMatch } from "./evaluate-topic.js";
import { programLength, runProgram, type TopicProgram } from "./verdict-program.js";

const TREE = -1;

/**
 * Distinct verdicts, by dense id, each with the topic slots that share it.
 * "Iran sanctions" and "Iran sanctions -football" ask one question of an
 * article (are Iran and sanctions there, about one story?): it is answered
 * once per article, then each member's exclusions are checked. A verdict is
 * a compiled program (verdict-program.ts) or, for rarer shapes, a tree walk.
 */
export class VerdictTable {
  private readonly byKey = new Map<string, number>();
  private readonly keys: Array<string | undefined> = [];
  /** Per id: the topic slots it decides. */
  readonly members: number[][] = [];
  /** Tree verdicts: a topic of that shape, which the tree walk evaluates. */
  private readonly trees: Array<CompiledTopic | undefined> = [];
  private readonly free: number[] = [];
  /** Per id, side by side: the last article stamp that visited it, where its program is. */
  private info = new Int32Array(512);
  private code = new Int32Array(4096);
  private codeEnd = 0;
  private codeDead = 0;

  /**
   * Adds the slot to the verdict its topic asks for; `created` is true when
   * the verdict is new (the caller files it in the reverse index).
   */
  join(
    topic: CompiledTopic,
    program: TopicProgram | undefined,
    slot: number,
  ): {
    id: number;
    created: boolean;
  } {
    const key = program ? `p${program.code.join(",")}` : `t${topic.shape}`;
    const known = this.byKey.get(key);
    if (known !== undefined) {
      (this.members[known] as number[]).push(slot);
      return { id: known, created: false };
    }
    const id = this.free.pop() ?? this.keys.length;
    if (2 * id + 1 >= this.info.length) this.info = grow(this.info, 2 * id + 2);
    this.info[2 * id] = 0;
    this.info[2 * id + 1] = program ? this.append(program.code) : TREE;
    this.keys[id] = key;
    this.members[id] = [slot];
    this.trees[id] = program ? undefined : topic;
    this.byKey.set(key, id);
    return { id, created: true };
  }

  /** Removes the slot; true when the verdict has no members left and is gone. */
  leave(id: number, slot: number): boolean {
    const members = this.members[id] as number[];
    const at = members.indexOf(slot);
    members[at] = members[members.length - 1] as number;
    members.pop();
    if (members.length > 0) return false;
    this.byKey.delete(this.keys[id] as string);
    this.keys[id] = undefined;
    this.trees[id] = undefined;
    const codeAt = this.info[2 * id + 1] as number;
    if (codeAt !== TREE) this.codeDead += programLength(this.code, codeAt);
    this.free.push(id);
    return true;
  }

  /** Marks the verdict visited by the article stamped `stamp`; false if it already was. */
  visit(id: number, stamp: number): boolean {
    if (this.info[2 * id] === stamp) return false;
    this.info[2 * id] = stamp;
    return true;
  }

  evaluate(id: number, hits: ConceptHits, text: AnalyzedText): TopicMatch | undefined {
    const at = this.info[2 * id + 1] as number;
    if (at === TREE) return evaluateTopic(this.trees[id] as CompiledTopic, hits, text);
    return runProgram(this.code, at, hits, text);
  }

  private append(program: number[]): number {
    if (this.codeDead > 4096 && this.codeDead * 2 > this.codeEnd) this.compact();
    if (this.codeEnd + program.length > this.code.length) {
      this.code = grow(this.code, this.codeEnd + program.length);
    }
    const at = this.codeEnd;
    this.code.set(program, at);
    this.codeEnd += program.length;
    return at;
  }

  /** Drops the programs of released verdicts once they are half the pool. */
  private compact(): void {
    const old = this.code;
    this.code = new Int32Array(old.length);
    this.codeEnd = 0;
    this.codeDead = 0;
    for (let id = 0; id < this.keys.length; id++) {
      const from = this.info[2 * id + 1] as number;
      if (this.keys[id] === undefined || from === TREE) continue;
      const length = programLength(old, from);
      this.code.set(old.subarray(from, from + length), this.codeEnd);
      this.info[2 * id + 1] = this.codeEnd;
      this.codeEnd += length;
    }
  }
}

function grow(array: Int32Array<ArrayBuffer>, least: number): Int32Array<ArrayBuffer> {
  let length = array.length * 2;
  while (length < least) length *= 2;
  const grown = new Int32Array(length);
  grown.set(array);
  return grown;
}
