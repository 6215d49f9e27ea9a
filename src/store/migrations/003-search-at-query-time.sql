-- The stored tsvector and its GIN index cost more than half of every article
-- insert on the embedded database (measured with bench/ingest.bench.ts), and
-- `recent` only ever searches a bounded time window, which the published_at
-- index narrows first. The search vector is computed at query time instead.
DROP INDEX IF EXISTS public.articles_search_idx;
ALTER TABLE public.articles DROP COLUMN IF EXISTS search;
