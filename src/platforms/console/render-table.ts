import { displayWidth, truncateToWidth } from "./display-width.js";
import type { RenderContext } from "./render-context.js";
import { sanitizeTerminalText } from "./sanitize-terminal-text.js";

/**
 * Label/value rows as aligned columns:
 *
 *   id  topic            every   feeds
 *   ──  ───────────────  ──────  ─────
 *   7   climate policy   daily       12
 *
 * Columns of numbers align right. A table wider than the terminal shrinks its
 * widest column (cells end in "…") until it fits or no column can give more.
 */
const gap = "  ";
/** A column shrinks no further than this, so it stays recognisable. */
const minColumnWidth = 8;
const numeric = /^[-+]?\d[\d,.]*%?$/;

export function renderTable(columns: string[], rows: string[][], ctx: RenderContext): string[] {
  const count = Math.max(columns.length, ...rows.map((row) => row.length));
  if (count === 0) return [];
  const cell = (cells: string[], i: number): string => sanitizeTerminalText(cells[i] ?? "");
  const header = Array.from({ length: count }, (_, i) => cell(columns, i));
  const body = rows.map((row) => Array.from({ length: count }, (_, i) => cell(row, i)));

  const rightAligned = header.map((_, i) => {
    const values = body.map((row) => row[i] ?? "").filter((v) => v !== "");
    return values.length > 0 && values.every((v) => numeric.test(v));
  });
  const widths = fitWidths(
    header.map((h, i) =>
      Math.max(displayWidth(h), ...body.map((row) => displayWidth(row[i] ?? ""))),
    ),
    ctx.width,
  );

  const line = (cells: string[], styleCell: (text: string) => string): string =>
    cells
      .map((text, i) => {
        const width = widths[i] ?? 0;
        const fitted = truncateToWidth(text, width);
        const pad = " ".repeat(width - displayWidth(fitted));
        const last = i === cells.length - 1;
        if (rightAligned[i]) return pad + styleCell(fitted);
        return styleCell(fitted) + (last ? "" : pad);
      })
      .join(gap)
      .trimEnd();

  const lines = [
    line(header, ctx.style.bold),
    ctx.style.dim(widths.map((w) => "─".repeat(w)).join(gap)),
  ];
  for (const row of body) lines.push(line(row, (text) => text));
  if (body.length === 0) lines.push(ctx.style.dim("(none)"));
  return lines;
}

function fitWidths(natural: number[], total: number): number[] {
  const widths = natural.map((w) => Math.max(1, w));
  const used = (): number =>
    widths.reduce((sum, w) => sum + w, 0) + gap.length * (widths.length - 1);
  while (used() > total) {
    const widest = widths.indexOf(Math.max(...widths));
    const current = widths[widest] ?? 0;
    if (current <= minColumnWidth) break;
    widths[widest] = Math.max(minColumnWidth, current - (used() - total));
  }
  return widths;
}
