/** When a subscription's digest runs. `at` is local wall time in `timeZone` (IANA). */
export type Every = "realtime" | "hourly" | "daily" | "weekly";
export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

export interface Schedule {
  every: Every;
  /** HH:MM, 24-hour. For hourly digests only the minutes count. */
  at: string;
  /** For weekly digests. */
  day: Weekday;
  timeZone: string;
}

export const EVERY_VALUES: readonly Every[] = ["realtime", "hourly", "daily", "weekly"];
/** In the order of `Date#getUTCDay()`: Sunday first. */
export const WEEKDAYS: readonly Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
export const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};
