-- Each feed keeps the publication times of its latest items (newest first, at
-- most 30), which set its poll interval. Kept on the feed row, a poll reads
-- them with the feed and writes them with its result, instead of sorting the
-- feed's stored articles on every poll.
ALTER TABLE public.feeds ADD COLUMN recent_item_times timestamptz[] NOT NULL DEFAULT '{}';
UPDATE public.feeds f SET recent_item_times = ARRAY(
  SELECT a.published_at
  FROM public.article_sources s JOIN public.articles a ON a.id = s.article_id
  WHERE s.feed_id = f.id
  ORDER BY s.first_seen_at DESC, a.published_at DESC
  LIMIT 30
);
