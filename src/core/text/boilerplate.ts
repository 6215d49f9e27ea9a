/**
 * Removes the furniture feeds wrap around an article's words: "Read more"
 * links, WordPress's "The post … appeared first on …", bylines, photo
 * captions with their credits, bare date lines and wire datelines. What is
 * left is the prose a summary may quote.
 */

/** Whole lines that are never prose. */
const LINE_PATTERNS: RegExp[] = [
  // Calls to action.
  /^(read|continue reading|read the full|read full|view|see|click here|keep reading|full story)\b.{0,80}$/i,
  /^(share|share this|tweet|email|print|comments?|related|advertisement|sponsored|subscribe|sign up)\b.{0,80}$/i,
  // Bylines: "By Jane Doe", "By Jane Doe and John Roe | Reuters".
  // Case-sensitive on purpose: "By the end of the year, …" is prose.
  /^(By|BY)\s+\p{Lu}[\p{L}.'-]*(\s+\p{Lu}[\p{L}.'-]*){0,3}((\s*,\s*|\s+and\s+)\p{Lu}[\p{L}.'-]*(\s+\p{Lu}[\p{L}.'-]*){0,3})*(\s*[|,–—-]\s*.{0,40})?$/u,
  // Photo captions: a line that carries a credit ("… / Getty Images", "Photo: AP").
  /(^|[\s/|(])(getty images|reuters|ap photo|afp|associated press|shutterstock|epa|alamy|wikimedia commons|istock)[^.]{0,40}\)?$/i,
  /^(photo|image|picture|credit|photograph|file photo|caption)s?\s*(by|:|credit)/i,
  /\((photo|image|credit)[^)]*\)\s*$/i,
  // Trailer lines.
  /^(published|posted|filed|updated|tags?|categories|topics)( under| in| on)?\s*:/i,
  /^the post .+ appeared first on .+$/i,
];

const MONTH =
  "(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\\.?";
const WEEKDAY = "((mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\\.?,?\\s+)?";
const TIME = "(\\s*(at\\s+)?\\d{1,2}[:.]\\d{2}(\\s*[ap]\\.?m\\.?)?(\\s*[A-Z]{2,4})?)?";
/** A line that is only a date (and maybe a time): "August 7, 2020", "2020-08-07 10:00". */
const DATE_LINE = new RegExp(
  `^(${WEEKDAY}${MONTH}\\s+\\d{1,2}(st|nd|rd|th)?,?\\s+\\d{4}|${WEEKDAY}\\d{1,2}\\s+${MONTH}\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2}(t[\\d:.]+z?)?|\\d{1,2}/\\d{1,2}/\\d{2,4})${TIME}$`,
  "i",
);

/** Inline furniture removed from anywhere in a paragraph. */
const INLINE_PATTERNS: RegExp[] = [
  /\s*The post .+? appeared first on [^.\n]+\.?/gi,
  /\s*(Continue reading|Read more|Read the full (story|article)|Keep reading)\s*(\.{3}|…|»|→|>|\u203a)?\s*$/gim,
  /\s*\[(…|\.\.\.|&hellip;)\]\s*$/gm,
];

/**
 * A wire dateline opening the first paragraph: "WASHINGTON (Reuters) - ",
 * "LONDON, Aug 7 (AP) — ", "PARIS — ". A plain hyphen counts only after an
 * agency in brackets: "U.S. - China talks" is a headline, not a dateline.
 */
const DATELINE =
  /^\p{Lu}[\p{Lu} .,'-]{1,40}(,\s*[\p{L}.]+\s+\d{1,2})?(\s*\([^)]{1,30}\)\s*[-–—]+|\s*[–—]+)\s+/u;

export interface CleanOptions {
  /** The article's title: a line repeating it is dropped. */
  title?: string;
}

/** Returns the article's prose without boilerplate, paragraphs separated by blank lines. */
export function removeBoilerplate(text: string, options: CleanOptions = {}): string {
  let body = text.replace(/\r\n?/g, "\n");
  for (const pattern of INLINE_PATTERNS) body = body.replace(pattern, "");
  const title = normalizeForCompare(options.title ?? "");
  const kept: string[] = [];
  for (const raw of body.split(/\n/)) {
    let line = raw.replace(/\s+/g, " ").trim();
    if (line === "") continue;
    if (title !== "" && normalizeForCompare(line) === title) continue;
    if (isBoilerplateLine(line)) continue;
    if (kept.length === 0) line = line.replace(DATELINE, "");
    if (line !== "") kept.push(line);
  }
  return kept.join("\n\n");
}

export function isBoilerplateLine(line: string): boolean {
  const trimmed = line.trim();
  if (DATE_LINE.test(trimmed)) return true;
  return LINE_PATTERNS.some((pattern) => pattern.test(trimmed));
}

function normalizeForCompare(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
