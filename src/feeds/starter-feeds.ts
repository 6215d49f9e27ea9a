import { readFileSync } from "node:fs";
import type { FeedRepository } from "../store/feed-repository.js";
import { parseOpml } from "./opml.js";

/** Adds every feed of the starter OPML that is not stored yet; returns the ids of those added. */
export async function addStarterFeeds(feeds: FeedRepository, file: string): Promise<string[]> {
  const entries = parseOpml(readFileSync(file));
  const added: string[] = [];
  for (const entry of entries) {
    const { feed, created } = await feeds.add({
      url: entry.xmlUrl,
      title: entry.title ?? entry.text,
      siteUrl: entry.htmlUrl,
      starter: true,
      attributes: entry.attributes,
    });
    if (created) added.push(feed.id);
  }
  return added;
}
