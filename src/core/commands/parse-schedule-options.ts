import type { Every, Weekday } from "../digest/schedule.js";
import { canonicalTimeZone, isValidTimeZone } from "../digest/zoned-time.js";
import { UserError } from "../errors.js";
import type { ScheduleOptions } from "./parsed-command.js";
import type { Token } from "./tokenize.js";

/**
 * The schedule options of `subscribe` and `schedule`: `every X`, `at HH:MM`,
 * `on DAY`, `in ZONE`. For `subscribe` they are read off the end, so a topic
 * may itself contain "at", "on" or "in" ("elections in France", "focus on
 * China"): a word is an option only when its value is one.
 */
const EVERY_WORDS: Record<string, { every: Every; day?: Weekday }> = {
  realtime: { every: "realtime" },
  "real-time": { every: "realtime" },
  hourly: { every: "hourly" },
  hour: { every: "hourly" },
  daily: { every: "daily" },
  day: { every: "daily" },
  weekly: { every: "weekly" },
  week: { every: "weekly" },
};

const DAY_WORDS: Record<string, Weekday> = {
  mon: "mon",
  monday: "mon",
  tue: "tue",
  tues: "tue",
  tuesday: "tue",
  wed: "wed",
  wednesday: "wed",
  thu: "thu",
  thur: "thu",
  thurs: "thu",
  thursday: "thu",
  fri: "fri",
  friday: "fri",
  sat: "sat",
  saturday: "sat",
  sun: "sun",
  sunday: "sun",
};

export function parseWeekday(word: string): Weekday | undefined {
  return (
    DAY_WORDS[word.toLowerCase().replace(/s$/, "").replace(/\.$/, "")] ??
    DAY_WORDS[word.toLowerCase()]
  );
}

type Option =
  | { key: "every"; every: Every; day?: Weekday }
  | { key: "at"; at: string }
  | { key: "day"; day: Weekday }
  | { key: "timeZone"; timeZone: string };

/** Reads one `keyword value` pair; null when it is not an option (strict: throws instead). */
function readOption(keyword: Token, value: Token, strict: boolean): Option | null {
  const word = value.text.toLowerCase();
  switch (keyword.text.toLowerCase()) {
    case "every": {
      const every = EVERY_WORDS[word];
      if (every !== undefined) return { key: "every", ...every };
      const day = parseWeekday(word);
      if (day !== undefined) return { key: "every", every: "weekly", day };
      throw new UserError(`"${value.text}" is not a schedule`, {
        position: value.start,
        hint: "Use `every realtime`, `every hourly`, `every daily` or `every weekly`.",
      });
    }
    case "at": {
      const at = parseTimeOfDay(word);
      if (at !== null) return { key: "at", at };
      if (strict || /^\d/.test(word)) {
        throw new UserError(`"${value.text}" is not a time of day`, {
          position: value.start,
          hint: "Use 24-hour HH:MM, e.g. `at 08:00` or `at 17:30`.",
        });
      }
      return null;
    }
    case "on": {
      const day = parseWeekday(word);
      if (day !== undefined) return { key: "day", day };
      if (strict) {
        throw new UserError(`"${value.text}" is not a day of the week`, {
          position: value.start,
          hint: "Use `on mon`, `on tue`, … `on sun`.",
        });
      }
      return null;
    }
    case "in": {
      // Only "Area/City" names and UTC/GMT: "in Israel" is part of a topic, not a zone.
      const looksLikeZone = value.text.includes("/") || /^(utc|gmt)$/i.test(value.text);
      if (looksLikeZone && isValidTimeZone(value.text)) {
        return { key: "timeZone", timeZone: canonicalTimeZone(value.text) };
      }
      if (looksLikeZone || strict) {
        throw new UserError(`"${value.text}" is not a time zone I know`, {
          position: value.start,
          hint: "Use an IANA time zone name, e.g. `in Europe/Berlin`, `in America/New_York` or `in UTC`.",
        });
      }
      return null;
    }
    default:
      if (strict) {
        throw new UserError(`"${keyword.text}" is not a schedule option`, {
          position: keyword.start,
          hint: "Use `every …`, `at HH:MM`, `on DAY` or `in ZONE`.",
        });
      }
      return null;
  }
}

/** "8", "8:30", "08:30", "8am", "5:30pm", "noon", "midnight" → "HH:MM"; null if not a time. */
export function parseTimeOfDay(text: string): string | null {
  const word = text.toLowerCase();
  if (word === "noon") return "12:00";
  if (word === "midnight") return "00:00";
  const match = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm|a\.m\.|p\.m\.)?$/.exec(word);
  if (match === null) return null;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? "0");
  const meridiem = match[3]?.[0];
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === "p" ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

function apply(options: ScheduleOptions, option: Option, keyword: Token): void {
  if (options[option.key] !== undefined) {
    throw new UserError(`"${keyword.text}" is given twice`, {
      position: keyword.start,
      hint: "Give each of every, at, on and in once.",
    });
  }
  if (option.key === "every") {
    options.every = option.every;
    if (option.day !== undefined) options.day = option.day;
  } else if (option.key === "at") options.at = option.at;
  else if (option.key === "day") options.day = option.day;
  else options.timeZone = option.timeZone;
}

/**
 * Peels options off the end of `tokens` (never the first `keep` tokens).
 * Returns the options and how many leading tokens are left (the topic).
 */
export function parseTrailingOptions(
  tokens: readonly Token[],
  keep: number,
): { options: ScheduleOptions; rest: number } {
  const options: ScheduleOptions = {};
  let end = tokens.length;
  while (end - 2 >= keep) {
    const keyword = tokens[end - 2] as Token;
    const option = readOption(keyword, tokens[end - 1] as Token, false);
    if (option === null) break;
    apply(options, option, keyword);
    end -= 2;
  }
  return { options: checkCombination(options, tokens), rest: end };
}

/** Every token must be an option (`schedule <id> …`). */
export function parseAllOptions(tokens: readonly Token[]): ScheduleOptions {
  const options: ScheduleOptions = {};
  for (let i = 0; i < tokens.length; i += 2) {
    const keyword = tokens[i] as Token;
    const value = tokens[i + 1];
    if (value === undefined) {
      throw new UserError(`"${keyword.text}" needs a value`, {
        position: keyword.end,
        hint: "E.g. `every daily`, `at 08:00`, `on mon`, `in Europe/Berlin`.",
      });
    }
    apply(options, readOption(keyword, value, true) as Option, keyword);
  }
  return checkCombination(options, tokens);
}

function checkCombination(options: ScheduleOptions, tokens: readonly Token[]): ScheduleOptions {
  const onToken = tokens.find((t) => t.text.toLowerCase() === "on");
  if (options.day !== undefined && options.every === undefined) options.every = "weekly";
  if (options.day !== undefined && options.every !== "weekly") {
    throw new UserError(`"on ${options.day}" only applies to weekly digests`, {
      position: onToken?.start ?? 0,
      hint: "Add `every weekly`, or drop `on …`.",
    });
  }
  if (options.every === "realtime" && options.at !== undefined) {
    throw new UserError("a realtime subscription has no time of day", {
      position: tokens.find((t) => t.text.toLowerCase() === "at")?.start ?? 0,
      hint: "Drop `at …`, or choose `every daily`.",
    });
  }
  return options;
}
