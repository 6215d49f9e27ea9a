/**
 * A deterministic job id from its parts, e.g. `jobId("deliver", digestId)`.
 * Adding a job with an id that is already in the queue is a no-op in BullMQ,
 * which is what makes "enqueue again" safe. BullMQ refuses custom ids that
 * contain `:` (its own key separator on Redis), and channels contain one
 * (`slack:T1/C1`), so parts are joined with `|` and any `:` becomes `;`.
 */
export function jobId(...parts: ReadonlyArray<string | number>): string {
  return parts.map((part) => String(part).replaceAll(":", ";")).join("|");
}
