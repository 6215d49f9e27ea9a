import { UserError } from "../errors.js";

/**
 * The syntax of a topic, before its words are given meaning:
 *   Iran sanctions            words: each names a concept, all required
 *   "asset freeze"            an exact phrase
 *   Iran OR Iraq, NOT x, -x   alternatives and exclusions (AND is implicit; `AND` is allowed)
 *   ( ... )                   grouping
 *   econ*                     a prefix (3 letters or more)
 *   title:word, feed:name     where to look (field takes a word, a "phrase" or a (group))
 */
export type QueryNode =
  | { type: "word"; text: string; position: number }
  | { type: "phrase"; text: string; position: number }
  | { type: "prefix"; text: string; position: number }
  | { type: "field"; field: "title" | "feed"; child: QueryNode; position: number }
  | { type: "and"; children: QueryNode[] }
  | { type: "or"; children: QueryNode[] }
  | { type: "not"; child: QueryNode; position: number };

type Token =
  | { kind: "open" | "close" | "or" | "and" | "not" | "minus"; position: number }
  | { kind: "phrase"; text: string; position: number }
  | { kind: "word"; text: string; position: number };

const MAX_LENGTH = 1_000;
const MAX_DEPTH = 32;
const MIN_PREFIX = 3;
const HINT = 'e.g. Iran sanctions, "asset freeze", oil OR gas, -sport, title:Iran, econ*';

function fail(message: string, position: number, hint: string = HINT): never {
  throw new UserError(`topic: ${message}`, { position, hint });
}

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      tokens.push({ kind: c === "(" ? "open" : "close", position: i });
      i++;
    } else if (c === '"' || c === "\u201c" || c === "\u201d") {
      const close = text.slice(i + 1).search(/["\u201c\u201d]/);
      if (close < 0) fail("this quote is never closed", i, 'close the phrase: "asset freeze"');
      tokens.push({ kind: "phrase", text: text.slice(i + 1, i + 1 + close), position: i });
      i += close + 2;
    } else if (c === "-" && i + 1 < text.length && !/[\s)]/.test(text.charAt(i + 1))) {
      tokens.push({ kind: "minus", position: i });
      i++;
    } else {
      const start = i;
      while (i < text.length && !/[\s()"\u201c\u201d]/.test(text.charAt(i))) i++;
      const word = text.slice(start, i);
      if (word === "OR" || word === "|") tokens.push({ kind: "or", position: start });
      else if (word === "AND" || word === "&") tokens.push({ kind: "and", position: start });
      else if (word === "NOT") tokens.push({ kind: "not", position: start });
      else tokens.push({ kind: "word", text: word, position: start });
    }
  }
  return tokens;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private here(): number {
    return this.peek()?.position ?? this.length;
  }

  parseAll(): QueryNode {
    const node = this.parseOr();
    const extra = this.peek();
    if (extra) {
      fail(
        extra.kind === "close" ? "this ) has no ( before it" : "unexpected text",
        extra.position,
      );
    }
    return node;
  }

  private parseOr(): QueryNode {
    const children = [this.parseAnd()];
    while (this.peek()?.kind === "or") {
      const or = this.peek() as Token;
      this.index++;
      if (!this.startsOperand()) fail("OR needs something on both sides", or.position);
      children.push(this.parseAnd());
    }
    return children.length === 1 ? (children[0] as QueryNode) : { type: "or", children };
  }

  private startsOperand(): boolean {
    const t = this.peek();
    return t !== undefined && t.kind !== "close" && t.kind !== "or" && t.kind !== "and";
  }

  private parseAnd(): QueryNode {
    if (!this.startsOperand()) {
      const t = this.peek();
      if (t?.kind === "or" || t?.kind === "and")
        fail(`${t.kind.toUpperCase()} needs something on both sides`, t.position);
      fail(t ? "expected a word here" : "the topic is empty", this.here());
    }
    const children: QueryNode[] = [];
    while (this.startsOperand() || this.peek()?.kind === "and") {
      const t = this.peek() as Token;
      if (t.kind === "and") {
        this.index++;
        if (!this.startsOperand()) fail("AND needs something on both sides", t.position);
        continue;
      }
      children.push(this.parseUnary());
    }
    return children.length === 1 ? (children[0] as QueryNode) : { type: "and", children };
  }

  private parseUnary(): QueryNode {
    const t = this.peek() as Token;
    if (t.kind === "not" || t.kind === "minus") {
      this.index++;
      if (!this.startsOperand())
        fail(`${t.kind === "not" ? "NOT" : "-"} needs a word after it`, t.position);
      return { type: "not", child: this.nested(() => this.parseUnary()), position: t.position };
    }
    return this.parsePrimary();
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) fail("the topic is nested too deeply", this.here());
    const result = parse();
    this.depth--;
    return result;
  }

  private parseGroup(): QueryNode {
    const open = this.peek() as Token;
    this.index++;
    if (this.peek()?.kind === "close") fail("these parentheses are empty", open.position);
    if (!this.peek()) fail("this ( is never closed", open.position, "add a ) to close the group");
    const inner = this.nested(() => this.parseOr());
    if (this.peek()?.kind !== "close")
      fail("this ( is never closed", open.position, "add a ) to close the group");
    this.index++;
    return inner;
  }

  private parsePrimary(): QueryNode {
    const t = this.peek() as Token;
    if (t.kind === "open") return this.parseGroup();
    if (t.kind === "phrase") {
      this.index++;
      if (!/[\p{L}\p{N}]/u.test(t.text)) fail("this phrase has no words in it", t.position);
      return { type: "phrase", text: t.text, position: t.position };
    }
    if (t.kind !== "word") fail("expected a word here", t.position);
    this.index++;
    return this.parseWord(t.text, t.position);
  }

  private parseWord(text: string, position: number): QueryNode {
    const field = /^([A-Za-z]+):(.*)$/.exec(text);
    if (field) {
      const name = (field[1] as string).toLowerCase();
      if (name !== "title" && name !== "feed") {
        fail(
          `there is no field "${field[1]}:"`,
          position,
          "fields are title: and feed:, e.g. title:Iran feed:reuters",
        );
      }
      const rest = field[2] as string;
      let child: QueryNode;
      if (rest !== "") child = this.parseWord(rest, position + name.length + 1);
      else if (this.peek()?.kind === "phrase" || this.peek()?.kind === "open")
        child = this.parsePrimary();
      else fail(`${name}: needs a word, a "phrase" or a (group) right after it`, position);
      if (name === "feed" && child.type !== "word" && child.type !== "phrase") {
        fail('feed: takes a feed name, e.g. feed:reuters or feed:"bbc world"', position);
      }
      return { type: "field", field: name, child, position };
    }
    if (text.endsWith("*")) {
      const stem = text.slice(0, -1);
      const letters = stem.replace(/[^\p{L}\p{N}]/gu, "");
      if (letters.length < MIN_PREFIX || letters !== stem) {
        fail(
          `a prefix needs at least ${MIN_PREFIX} letters before the *`,
          position,
          "e.g. econ* for economy, economic, economists",
        );
      }
      return { type: "prefix", text: stem.toLowerCase(), position };
    }
    if (!/[\p{L}\p{N}]/u.test(text)) fail(`"${text}" is not a word`, position);
    return { type: "word", text, position };
  }
}

function hasPositive(node: QueryNode): boolean {
  switch (node.type) {
    case "not":
      return false;
    case "and":
      return node.children.some(hasPositive);
    case "or":
      return node.children.every(hasPositive);
    case "field":
      return hasPositive(node.child);
    default:
      return true;
  }
}

/** Parses a topic; a malformed one is a UserError with the position and a hint. */
export function parseTopicQuery(text: string): QueryNode {
  if (text.length > MAX_LENGTH) fail(`a topic is at most ${MAX_LENGTH} characters`, MAX_LENGTH);
  const tokens = lex(text);
  if (tokens.length === 0) fail("the topic is empty", 0);
  const node = new Parser(tokens, text.length).parseAll();
  if (!hasPositive(node)) {
    fail(
      "a topic needs something to look for, not only words to leave out",
      0,
      "e.g. Iran -football",
    );
  }
  return node;
}
