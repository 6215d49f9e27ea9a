import type { AnalyzedText } from "./analyze-text.js";
import type { CompiledTopic } from "./compile-topic.js";
import type { ConceptHits, HitLookup } from "./concept-hits.js";
import { evaluateTopic, type TopicMatch } from "./evaluate-topic.js";
import { programLength, runProgram, type TopicProgram } from "./verdict-program.js";

// A cell: [last article stamp, verdict id, program…].
const STAMP = 0;
const ID = 1;
const PROGRAM = 2;
/** In place of a program: the verdict is a tree walk. */
const TREE = -1;
/** Cells are 16 ints (one 64-byte cache line) or a power of two above. */
const LINE = 16;

/** A topic that shares a verdict: what a match hands on. */
export interface TopicMember {
  /** The topic as first typed. */
  readonly topic: string;
  /** Everyone subscribed to it (the index's own array: read, never change). */
  readonly subscriptionIds: readonly string[];
}

/** A topic slot that shares a verdict, with the exclusions only it has. */
export interface Member extends TopicMember {
  readonly slot: number;
  /** (concept id, flags) pairs that rule the topic out, or null. */
  readonly exclusions: Int32Array | null;
}

/**
 * Distinct verdicts, each with the topic slots that share it. "Iran
 * sanctions" and "Iran sanctions -football" ask one question of an article
 * (are Iran and sanctions there, about one story?): it is answered once per
 * article, then each member's exclusions are checked. A verdict is a
 * compiled program (verdict-program.ts) or, for rarer shapes, a tree walk.
 *
 * Everything an article needs to visit a verdict sits in one cell of one
 * Int32Array, aligned to a cache line: the article's candidates are
 * scattered over every topic, and a visit should cost one memory read. The
 * reverse index files cells, which never move (freed cells are reused by
 * size).
 */
export class VerdictTable {
  private readonly byKey = new Map<string, number>();
  private readonly keys: Array<string | undefined> = [];
  private readonly cellOf: number[] = [];
  /** Per id: the topic slots that share it. */
  private readonly members: Member[][] = [];
  /** Per id: its members' exclusions as (concept id, flags, member index) triples, or null. */
  private readonly excluding: Array<Int32Array | null> = [];
  /** Tree verdicts: a topic of that shape, which the tree walk evaluates. */
  private readonly trees: Array<CompiledTopic | undefined> = [];
  private readonly freeIds: number[] = [];
  /** Cell size -> free cells of that size. */
  private readonly freeCells = new Map<number, number[]>();
  private cells = new Int32Array(64 * LINE);
  private cellsEnd = 0;

  /**
   * Adds the slot to the verdict its topic asks for. `created` is true when
   * the verdict is new: the caller files its cell in the reverse index.
   */
  join(
    topic: CompiledTopic,
    program: TopicProgram | undefined,
    member: Member,
  ): { cell: number; created: boolean } {
    const key = program ? `p${program.code.join(",")}` : `t${topic.shape}`;
    const known = this.byKey.get(key);
    if (known !== undefined) {
      const members = this.members[known] as Member[];
      members.push(member);
      // A member without exclusions changes no triple: most join that way.
      if (member.exclusions) this.excluding[known] = excludingOf(members);
      return { cell: this.cellOf[known] as number, created: false };
    }
    const id = this.freeIds.pop() ?? this.keys.length;
    const code = program ? program.code : [TREE];
    const cell = this.allocate(PROGRAM + code.length);
    this.cells.set([0, id, ...code], cell);
    this.keys[id] = key;
    this.cellOf[id] = cell;
    this.members[id] = [member];
    this.excluding[id] = excludingOf([member]);
    this.trees[id] = program ? undefined : topic;
    this.byKey.set(key, id);
    return { cell, created: true };
  }

  /** Removes the slot from the verdict in `cell`; true when the verdict is gone. */
  leave(cell: number, slot: number): boolean {
    const id = this.cells[cell + ID] as number;
    const members = this.members[id] as Member[];
    // Swap-remove the member: order among members carries no meaning.
    const at = members.findIndex((m) => m.slot === slot);
    const gone = members[at] as Member;
    const moved = members[members.length - 1] as Member;
    members[at] = moved;
    members.pop();
    // The triples change only when the member gone, or the one moved into
    // its place, excludes something.
    if (gone.exclusions || moved.exclusions) this.excluding[id] = excludingOf(members);
    if (members.length > 0) return false;
    this.byKey.delete(this.keys[id] as string);
    this.keys[id] = undefined;
    this.trees[id] = undefined;
    this.freeIds.push(id);
    const program = cell + PROGRAM;
    const length = this.cells[program] === TREE ? 1 : programLength(this.cells, program);
    const size = cellSize(PROGRAM + length);
    let free = this.freeCells.get(size);
    if (!free) {
      free = [];
      this.freeCells.set(size, free);
    }
    free.push(cell);
    return true;
  }

  /** Marks the cell visited by the article stamped `stamp`; false if it already was. */
  visit(cell: number, stamp: number): boolean {
    if (this.cells[cell + STAMP] === stamp) return false;
    this.cells[cell + STAMP] = stamp;
    return true;
  }

  /** The verdict on an article, whose hits come both as a map and by concept id. */
  evaluate(
    cell: number,
    hits: ConceptHits,
    byId: HitLookup,
    text: AnalyzedText,
  ): TopicMatch | undefined {
    if (this.cells[cell + PROGRAM] === TREE) {
      const tree = this.trees[this.cells[cell + ID] as number] as CompiledTopic;
      return evaluateTopic(tree, hits, text);
    }
    return runProgram(this.cells, cell + PROGRAM, byId, text);
  }

  /** The topics that share the verdict in `cell` (the table's own array: read, never change). */
  membersOf(cell: number): readonly Member[] {
    return this.members[this.cells[cell + ID] as number] as Member[];
  }

  /**
   * What the members of the verdict in `cell` exclude, as (concept id, flags,
   * member index) triples side by side, or null when none excludes anything.
   */
  excludingOf(cell: number): Int32Array | null {
    return this.excluding[this.cells[cell + ID] as number] ?? null;
  }

  private allocate(length: number): number {
    const size = cellSize(length);
    const reused = this.freeCells.get(size)?.pop();
    if (reused !== undefined) return reused;
    if (this.cellsEnd + size > this.cells.length) {
      let grown = this.cells.length * 2;
      while (grown < this.cellsEnd + size) grown *= 2;
      const cells = new Int32Array(grown);
      cells.set(this.cells);
      this.cells = cells;
    }
    const cell = this.cellsEnd;
    this.cellsEnd += size;
    return cell;
  }
}

function cellSize(length: number): number {
  let size = LINE;
  while (size < length) size *= 2;
  return size;
}

/**
 * The members' exclusions in one array, or null when none excludes anything:
 * checking them for an article then reads memory in a row instead of
 * visiting every member.
 */
function excludingOf(members: readonly Member[]): Int32Array | null {
  let count = 0;
  for (const m of members) count += m.exclusions ? m.exclusions.length / 2 : 0;
  if (count === 0) return null;
  const triples = new Int32Array(count * 3);
  let at = 0;
  for (let i = 0; i < members.length; i++) {
    const pairs = (members[i] as Member).exclusions;
    if (!pairs) continue;
    for (let k = 0; k < pairs.length; k += 2) {
      triples[at++] = pairs[k] as number;
      triples[at++] = pairs[k + 1] as number;
      triples[at++] = i;
    }
  }
  return triples;
}
