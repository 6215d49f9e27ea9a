-- Messages posted to console channels: `newswire chat` shows them as they
-- come, from whichever process delivered them. Keyed like deliveries, so a
-- retried delivery writes nothing twice.
CREATE TABLE public.console_messages (
  id bigserial PRIMARY KEY,
  channel_id text NOT NULL,
  -- digest:<id>:<part> or notice:<random>; unique per channel.
  message_key text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('digest', 'notice')),
  -- The model as JSON (a Digest or a Reply); the chat renders it.
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel_id, message_key)
);

-- Counters that tell every worker when to refresh what it keeps in memory
-- (the subscription index): bumped in the same transaction as the change.
CREATE TABLE public.versions (
  name text PRIMARY KEY,
  value bigint NOT NULL DEFAULT 0
);
INSERT INTO public.versions (name, value) VALUES ('subscriptions', 0);
