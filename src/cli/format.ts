/** Small formatting helpers for the CLI's human output. */
export function iso(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}

export function ago(date: Date | null | undefined, now = new Date()): string {
  if (!date) return "never";
  const s = Math.round((now.getTime() - date.getTime()) / 1000);
  const future = s < 0;
  const a = Math.abs(s);
  const text =
    a < 90
      ? `${a}s`
      : a < 5400
        ? `${Math.round(a / 60)}m`
        : a < 129_600
          ? `${Math.round(a / 3600)}h`
          : `${Math.round(a / 86_400)}d`;
  return future ? `in ${text}` : `${text} ago`;
}

export function duration(ms: number | null | undefined): string {
  if (!ms) return "-";
  const m = Math.round(ms / 60_000);
  return m < 90 ? `${m}m` : `${Math.round((m / 60) * 10) / 10}h`;
}

/** Columns padded to their widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}
