import { stemmer } from "stemmer";

/** Token flags: how the word was written, which place names and acronyms need. */
export const FLAG_CAPITALIZED = 1;
export const FLAG_UPPERCASE = 2;

/**
 * An article's text as the topic engine sees it: one token per word, in order.
 * Sentence 0 is the title; body sentences count from 1, so "in the title" and
 * "in the same sentence" are both a comparison of sentence numbers.
 */
export interface AnalyzedText {
  /** The text the offsets point into (title, a newline, then the body). */
  source: string;
  /** Lowercased surface form ("iran", "sanctioned", "us" for U.S.). */
  words: string[];
  /** Porter stem of each word ("sanction"). */
  stems: string[];
  /**
   * Each word's number: the same word has the same number in every text
   * analyzed in one `wordGeneration`; the topic index files what it knows
   * about a word under it.
   */
  wordIds: Int32Array;
  /** The numbering `wordIds` belong to; -1 when it changed during the analysis. */
  wordGeneration: number;
  flags: Uint8Array;
  sentences: Uint16Array;
  starts: Uint32Array;
  ends: Uint32Array;
  /** Tokens [0, titleLength) are the title. */
  titleLength: number;
}

// Stemming is the costliest step per token; news reuses a small vocabulary, so
// a cache turns it into one lookup, which also numbers the word. Cleared when
// large so memory stays bounded; the numbering starts again then.
interface WordInfo {
  stem: string;
  id: number;
}
const wordCache = new Map<string, WordInfo>();
const WORD_CACHE_LIMIT = 200_000;
let generation = 0;

function lookUpWord(word: string): WordInfo {
  let info = wordCache.get(word);
  if (info === undefined) {
    if (wordCache.size >= WORD_CACHE_LIMIT) {
      wordCache.clear();
      generation++;
    }
    info = { stem: word.length <= 2 ? word : stemmer(word), id: wordCache.size };
    wordCache.set(word, info);
  }
  return info;
}

/** The Porter stem of a lowercased word, cached. */
export function stemWord(word: string): string {
  return lookUpWord(word).stem;
}

/** The numbering that words analyzed now get (see AnalyzedText.wordIds). */
export function wordGeneration(): number {
  return generation;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;

function isWordChar(code: number, char: string): boolean {
  if (code < 128) {
    return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  }
  return LETTER_OR_DIGIT.test(char);
}

const isApostrophe = (code: number): boolean => code === 39 || code === 0x2019;
const isSentenceEnd = (code: number): boolean => code === 46 || code === 33 || code === 63;

function caseFlags(raw: string): number {
  const first = raw.charCodeAt(0);
  const capitalized = first < 128 ? first >= 65 && first <= 90 : UPPER.test(raw.charAt(0));
  if (!capitalized) return 0;
  if (raw.length < 2) return FLAG_CAPITALIZED;
  for (let i = 1; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 128 ? c >= 97 && c <= 122 : LOWER.test(raw.charAt(i))) return FLAG_CAPITALIZED;
  }
  return FLAG_CAPITALIZED | FLAG_UPPERCASE;
}

/** Strips accents so "Québec" and "Quebec", "Türkiye" and "Turkiye" meet. */
function fold(word: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII range test
  return /^[\x00-\x7f]*$/.test(word) ? word : word.normalize("NFKD").replace(/\p{M}/gu, "");
}

class TokenSink {
  words: string[] = [];
  stems: string[] = [];
  ids: number[] = [];
  flags: number[] = [];
  sentences: number[] = [];
  starts: number[] = [];
  ends: number[] = [];

  push(raw: string, start: number, end: number, sentence: number, extraFlags = 0): void {
    const word = fold(raw.toLowerCase());
    this.words.push(word);
    const info = lookUpWord(word);
    this.stems.push(info.stem);
    this.ids.push(info.id);
    this.flags.push(caseFlags(raw) | extraFlags);
    this.sentences.push(sentence);
    this.starts.push(start);
    this.ends.push(end);
  }
}

// "U.S.", "U.K.", "U.N.": letters with periods are one acronym token, and
// their periods end no sentence.
const ACRONYM = /(?:[A-Za-z]\.){2,}/y;

function acronymEnd(text: string, start: number): number {
  ACRONYM.lastIndex = start;
  return ACRONYM.test(text) ? ACRONYM.lastIndex : -1;
}

function scan(text: string, offset: number, sink: TokenSink, firstSentence: number): number {
  let sentence = firstSentence;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const code = text.charCodeAt(i);
    const char = text.charAt(i);
    if (!isWordChar(code, char)) {
      if (isSentenceEnd(code) || code === 10) {
        const next = text.charCodeAt(i + 1);
        if (code === 10 || Number.isNaN(next) || next === 32 || next === 10 || next === 34) {
          if (sink.sentences.length > 0 && sink.sentences[sink.sentences.length - 1] === sentence)
            sentence++;
        }
      }
      i++;
      continue;
    }
    const acronym = acronymEnd(text, i);
    if (acronym > 0) {
      const raw = text.slice(i, acronym).replace(/\./g, "");
      sink.push(raw, offset + i, offset + acronym, sentence);
      i = acronym;
      continue;
    }
    const start = i;
    let raw = "";
    let end = i;
    while (end < n) {
      const c = text.charCodeAt(end);
      if (isWordChar(c, text.charAt(end))) {
        end++;
        continue;
      }
      // Possessive "Iran's" is "Iran"; other apostrophes ("O'Brien") join the word.
      if (
        isApostrophe(c) &&
        end + 1 < n &&
        isWordChar(text.charCodeAt(end + 1), text.charAt(end + 1))
      ) {
        const after = text.charCodeAt(end + 2);
        const possessive =
          (text.charAt(end + 1) === "s" || text.charAt(end + 1) === "S") &&
          (Number.isNaN(after) || !isWordChar(after, text.charAt(end + 2)));
        raw += text.slice(i, end);
        if (possessive) {
          i = end + 2;
          end = i;
          break;
        }
        i = end + 1;
        end = i;
        continue;
      }
      break;
    }
    raw += text.slice(i, end);
    sink.push(raw, offset + start, offset + end, sentence);
    i = end;
  }
  return sentence;
}

/** Tokenizes, folds, stems and places sentence marks on a title and body. */
export function analyzeText(title: string, body: string): AnalyzedText {
  const sink = new TokenSink();
  const numbering = generation;
  scan(title, 0, sink, 0);
  const titleLength = sink.words.length;
  scan(body, title.length + 1, sink, 1);
  return {
    source: `${title}\n${body}`,
    words: sink.words,
    stems: sink.stems,
    wordIds: Int32Array.from(sink.ids),
    wordGeneration: numbering === generation ? numbering : -1,
    flags: Uint8Array.from(sink.flags),
    sentences: Uint16Array.from(sink.sentences, (s) => Math.min(s, 65_535)),
    starts: Uint32Array.from(sink.starts),
    ends: Uint32Array.from(sink.ends),
    titleLength,
  };
}

/** The article shape the topic engine reads: plain text fields. */
export interface TopicArticle {
  id: string;
  title: string;
  summary?: string;
  content?: string;
  url?: string | null;
  /** The feed's name, for `feed:` queries. */
  feed?: string;
}

/** Analyzes an article: its summary and content, once each when one holds the other. */
export function analyzeArticle(article: TopicArticle): AnalyzedText {
  const summary = article.summary ?? "";
  const content = article.content ?? "";
  let body: string;
  if (content.includes(summary)) body = content;
  else if (summary.includes(content)) body = summary;
  else body = `${summary}\n${content}`;
  return analyzeText(article.title, body);
}
