/**
 * Time zone names feeds write that `Date.parse` does not know (it knows UT,
 * GMT and the US zones of RFC 822 §5.1). Offsets in minutes.
 */
const ZONES: Record<string, number> = {
  UTC: 0,
  Z: 0,
  WET: 0,
  BST: 60,
  IST: 330,
  CET: 60,
  MET: 60,
  CEST: 120,
  MEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  JST: 540,
  KST: 540,
  HKT: 480,
  SGT: 480,
  AWST: 480,
  ACST: 570,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
  AST: -240,
  ADT: -180,
  NST: -210,
  HST: -600,
  AKST: -540,
  AKDT: -480,
};

function offset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}${String(abs % 60).padStart(2, "0")}`;
}

const ISO = /^\d{4}-\d{2}(-\d{2})?([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A feed date to a Date, leniently: RFC 822/2822 (RSS 2.0), RFC 3339 / W3C-DTF
 * (Atom, Dublin Core, JSON Feed), with the slips real feeds make (named time
 * zones, "Sept", missing or misspelled day names, a space for the T). Null
 * when nothing sensible can be read.
 */
export function parseFeedDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  let text = value.trim().replace(/\s+/g, " ");
  if (text === "") return null;
  if (ISO.test(text)) {
    // A date-time without zone is read as UTC (RFC 3339 requires one; UTC is the usual intent).
    let iso = text.replace(" ", "T");
    if (/T/.test(iso) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(iso)) iso += "Z";
    iso = iso.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
    return valid(new Date(iso));
  }
  // V8's fallback parser reads nearly anything ("2" is a date in 2001): ask for
  // a month name or a four-digit year before trusting it.
  if (!/[A-Za-z]{3}|\d{4}/.test(text)) return null;
  text = text
    .replace(/^[A-Za-z]+\.?,?\s+(?=\d)/, "") // day name, any spelling
    .replace(/\b(Sept|June|July)\b\.?/i, (m) => m.slice(0, 3))
    .replace(/\b([A-Z]{2,5})$/, (zone) => {
      const minutes = ZONES[zone];
      return minutes === undefined ? zone : offset(minutes);
    });
  return valid(new Date(text));
}

function valid(date: Date): Date | null {
  const time = date.getTime();
  // Before 1970 is an error in practice (epoch zero, "0000-00-00") rather than history.
  return Number.isNaN(time) || time < 86_400_000 ? null : date;
}
