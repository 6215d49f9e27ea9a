-- The first schema: feeds, articles (stored once, with every feed that
-- carried them), channels, subscriptions, matches (the outbox), digests and
-- deliveries. Ids are bigints; the application reads them as strings.

CREATE TABLE public.feeds (
  id bigserial PRIMARY KEY,
  url text NOT NULL UNIQUE,
  title text,
  site_url text,
  -- ok | failing | disabled
  status text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'failing', 'disabled')),
  -- Added from the starter set (config/starter-feeds.opml)?
  starter boolean NOT NULL DEFAULT false,
  attributes jsonb NOT NULL DEFAULT '{}',
  -- Conditional GET validators from the last 200 (RFC 9110 §13.1).
  etag text,
  last_modified text,
  -- Poll state and health.
  interval_ms integer,
  hints jsonb NOT NULL DEFAULT '{}',
  last_polled_at timestamptz,
  last_success_at timestamptz,
  next_poll_at timestamptz,
  consecutive_failures integer NOT NULL DEFAULT 0,
  last_error text,
  disabled_reason text,
  -- Null until the first successful poll: that poll's items are the backlog, stored but not announced.
  first_polled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.channels (
  -- slack:<team>/<channel>, discord:<guild>/<channel>, console:<name>
  id text PRIMARY KEY,
  platform text NOT NULL,
  timezone text,
  paused boolean NOT NULL DEFAULT false,
  pause_reason text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Which channel added which feed (for notices when a feed is disabled).
CREATE TABLE public.channel_feeds (
  channel_id text NOT NULL REFERENCES public.channels (id) ON DELETE CASCADE,
  feed_id bigint NOT NULL REFERENCES public.feeds (id) ON DELETE CASCADE,
  notified_disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, feed_id)
);

CREATE TABLE public.articles (
  id bigserial PRIMARY KEY,
  -- The story's canonical URL (tracking parameters and fragment removed): the same URL from a second feed is the same article.
  canonical_url text,
  url text,
  title text NOT NULL,
  summary text NOT NULL DEFAULT '',
  content text NOT NULL DEFAULT '',
  author text,
  categories text[] NOT NULL DEFAULT '{}',
  published_at timestamptz NOT NULL,
  published_at_from_feed boolean NOT NULL DEFAULT true,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  -- Near-duplicate fingerprint (SimHash), for folding stories.
  fingerprint bigint,
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(summary, '')), 'B')
  ) STORED
);
CREATE UNIQUE INDEX articles_canonical_url_key ON public.articles (canonical_url) WHERE canonical_url IS NOT NULL;
CREATE INDEX articles_first_seen_at_idx ON public.articles (first_seen_at DESC);
CREATE INDEX articles_published_at_idx ON public.articles (published_at DESC);
CREATE INDEX articles_search_idx ON public.articles USING gin (search);

-- An article as one feed carried it: stored once per feed by guid.
CREATE TABLE public.article_sources (
  feed_id bigint NOT NULL REFERENCES public.feeds (id) ON DELETE CASCADE,
  guid text NOT NULL,
  article_id bigint NOT NULL REFERENCES public.articles (id) ON DELETE CASCADE,
  url text,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (feed_id, guid)
);
CREATE INDEX article_sources_article_idx ON public.article_sources (article_id);

CREATE TABLE public.subscriptions (
  id bigserial PRIMARY KEY,
  channel_id text NOT NULL REFERENCES public.channels (id) ON DELETE CASCADE,
  -- Exactly what the person typed.
  topic text NOT NULL,
  every text NOT NULL CHECK (every IN ('realtime', 'hourly', 'daily', 'weekly')),
  at text,
  day text,
  timezone text NOT NULL,
  paused boolean NOT NULL DEFAULT false,
  pause_reason text,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_digest_at timestamptz
);
CREATE INDEX subscriptions_channel_idx ON public.subscriptions (channel_id);

CREATE TABLE public.digests (
  id bigserial PRIMARY KEY,
  channel_id text NOT NULL REFERENCES public.channels (id) ON DELETE CASCADE,
  every text NOT NULL,
  -- The digest model as built (persisted before it is posted).
  model jsonb NOT NULL,
  -- pending | delivered | failed
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz
);
CREATE INDEX digests_pending_idx ON public.digests (status) WHERE status = 'pending';

-- The outbox: one row per (subscription, article), written once.
CREATE TABLE public.matches (
  subscription_id bigint NOT NULL REFERENCES public.subscriptions (id) ON DELETE CASCADE,
  article_id bigint NOT NULL REFERENCES public.articles (id) ON DELETE CASCADE,
  score real NOT NULL,
  reasons jsonb NOT NULL DEFAULT '[]',
  matched_at timestamptz NOT NULL DEFAULT now(),
  -- Set when a digest takes the match; delivered_at once the platform accepted it.
  digest_id bigint REFERENCES public.digests (id) ON DELETE SET NULL,
  delivered_at timestamptz,
  PRIMARY KEY (subscription_id, article_id)
);
CREATE INDEX matches_undelivered_idx ON public.matches (subscription_id) WHERE delivered_at IS NULL;

-- Each message a digest became, once the platform accepted it.
CREATE TABLE public.deliveries (
  digest_id bigint NOT NULL REFERENCES public.digests (id) ON DELETE CASCADE,
  part integer NOT NULL,
  platform_message_id text,
  posted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (digest_id, part)
);
