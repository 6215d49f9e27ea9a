/** A small RSS 2.0 document built for a test (items newest first). */
export interface FixtureItem {
  title: string;
  link?: string;
  guid?: string;
  description?: string;
  pubDate?: Date;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function rssFeed(title: string, items: FixtureItem[], extra = ""): string {
  const body = items
    .map(
      (i) =>
        `<item><title>${esc(i.title)}</title>${i.link ? `<link>${esc(i.link)}</link>` : ""}${
          i.guid ? `<guid isPermaLink="false">${esc(i.guid)}</guid>` : ""
        }${i.description ? `<description>${esc(i.description)}</description>` : ""}${
          i.pubDate ? `<pubDate>${i.pubDate.toUTCString()}</pubDate>` : ""
        }</item>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${esc(title)}</title><link>https://example.org/</link>${extra}\n${body}\n</channel></rss>\n`;
}
