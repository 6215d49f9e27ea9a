import { type Schedule, WEEKDAY_NAMES } from "./schedule.js";

/** A schedule as people say it: "daily at 08:00 Europe/Berlin". */
export function describeSchedule(schedule: Schedule): string {
  switch (schedule.every) {
    case "realtime":
      return "in real time, as articles arrive";
    case "hourly":
      return `hourly at :${schedule.at.slice(-2)}`;
    case "daily":
      return `daily at ${schedule.at} ${schedule.timeZone}`;
    case "weekly":
      return `weekly on ${WEEKDAY_NAMES[schedule.day]} at ${schedule.at} ${schedule.timeZone}`;
  }
}
