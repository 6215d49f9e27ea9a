import { DEFAULT_WINDOW_MS, parseSince } from "./parse-since.js";

/**
 * Understands a question put to the bot in plain words — "what's new on Iran
 * sanctions?", "anything about Russia relations since Monday?", "latest on oil
 * prices", "@bot Iran sanctions?" — as a search: a topic and a time window
 * (the last 24 hours unless the question says otherwise). Null when the text
 * is not a news question (a greeting, a command, small talk).
 */
export interface Question {
  topic: string;
  since: Date;
}

/** Phrases that introduce the topic; the topic is what follows. Apostrophes are normalized first. */
const LEADS: RegExp[] = [
  /^(?:so |and |hey |ok |okay )?(?:what's|whats|what is|what are) (?:new|happening|going on|up|the latest|the news|the latest news)(?: (?:on|with|about|in|regarding|re|for|from|around))? (.+)$/,
  /^(?:is there |are there |got |have you got |do you have )?(?:any|anything)(?: new| else| recent)?(?: news| updates?| stories| articles)?(?: (?:on|about|regarding|re|with|from|for|around|in)) (.+)$/,
  /^(?:any|anything)(?: news| updates?)? (.+)$/,
  /^(?:the |any |latest |recent )*(?:latest|news|updates?|headlines|stories|articles)(?: news)? (?:on|about|regarding|re|for|from|around|with) (.+)$/,
  /^(?:the )?latest (.+)$/,
  /^(?:please |pls |can you |could you )?(?:tell me|show me|give me|find|find me|search(?: for)?)(?: the)?(?: latest| recent)?(?: news| updates?| articles| stories)?(?: (?:on|about|regarding|for))? (.+)$/,
  /^what(?:'s| has)? happen(?:ed|ing) (?:with|to|in|on|around|at) (.+)$/,
  /^(?:what|how) about (.+)$/,
  /^(?:catch me up|update me|brief me) (?:on|about) (.+)$/,
];

/** A trailing time phrase; the capture goes to parseSince. */
const WINDOWS: RegExp[] = [
  / since (.+)$/,
  / (?:in|over|from|during) (the (?:last|past) .+)$/,
  / ((?:the )?(?:last|past) \d* ?(?:minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|w|months?))$/,
  / (this (?:week|month|morning)|today|yesterday)$/,
];

const NOT_QUESTIONS =
  /^(hi|hello|hey|yo|thanks|thank you|thx|ty|cheers|ok|okay|good (morning|night|evening)|bye|help|ping|test|status)$/;
const QUESTION_WORDS =
  /^(what|why|how|who|when|where|which|can|could|should|would|do|does|did|is|are|will|was|were)\b/;
const MAX_BARE_TOPIC_WORDS = 6;

export function parseQuestion(text: string, now: Date, timeZone: string): Question | null {
  let body = text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').trim();
  let mentioned = false;
  // Slack mentions arrive as <@U123>, Discord as <@123> or <@!123>, the console as @name.
  for (let m = /^(?:<@[!&]?[\w.-]+>|@[\w.-]+)[,:]?\s*/.exec(body); m !== null; ) {
    mentioned = true;
    body = body.slice(m[0].length);
    m = /^(?:<@[!&]?[\w.-]+>|@[\w.-]+)[,:]?\s*/.exec(body);
  }
  if (body.startsWith("/")) return null;
  const asked = /\?\s*$/.test(body);
  body = body.replace(/[\s?!.]+$/, "").replace(/\s+/g, " ");
  if (body === "" || NOT_QUESTIONS.test(body.toLowerCase())) return null;

  let since = new Date(now.getTime() - DEFAULT_WINDOW_MS);
  let hadWindow = false;
  for (const pattern of WINDOWS) {
    const window = pattern.exec(body.toLowerCase());
    if (window === null) continue;
    const start = parseSince(window[1] as string, now, timeZone);
    if (start === null) continue;
    since = start;
    hadWindow = true;
    body = body.slice(0, window.index).trim();
    break;
  }

  const lower = body.toLowerCase();
  for (const lead of LEADS) {
    const match = lead.exec(lower);
    if (match === null) continue;
    // The topic keeps the asker's capitalisation: cut it from the original.
    const topic = cleanTopic(body.slice(body.length - (match[1] as string).length));
    return topic === "" ? null : { topic, since };
  }
  // A bare phrase counts when it was clearly put to the bot: "@bot Iran sanctions?".
  const words = body.split(" ").length;
  if (
    (mentioned || asked || hadWindow) &&
    words <= MAX_BARE_TOPIC_WORDS &&
    !QUESTION_WORDS.test(lower)
  ) {
    const topic = cleanTopic(body);
    return topic === "" ? null : { topic, since };
  }
  return null;
}

function cleanTopic(topic: string): string {
  return topic
    .replace(/^(?:the|a|an) /i, "")
    .replace(/^["']+|["'.,;:!?]+$/g, "")
    .replace(/ (?:please|pls|lately|recently|right now|now)$/i, "")
    .trim();
}
