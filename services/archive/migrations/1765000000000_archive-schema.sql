-- Up Migration
-- The archive's schema: what Faultline saw, kept for archive.retentionDays (default 90).
-- Tables that grow with the item rate are partitioned by week on their time column (native
-- declarative range partitions), so retention drops whole partitions instead of deleting rows.
-- JSONB only where the shape varies (a topic's evidence spans, an alert's explanation).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One row per analyzed item (its latest revision). `ts` is the item's time for partitioning
-- and time filters: publishedAt, held within [fetchedAt - 7 days, fetchedAt + 1 hour] so a feed
-- with a wrong date cannot file an item years away (the same on every delivery).
CREATE TABLE items (
  item_id       text        NOT NULL,
  ts            timestamptz NOT NULL,
  revision      integer     NOT NULL,
  feed_id       text        NOT NULL,
  story_id      text        NOT NULL,
  first_in_story boolean    NOT NULL,
  url           text,
  domain        text,
  title         text        NOT NULL,
  lead          text,
  body          text        NOT NULL,
  author        text,
  published_at  timestamptz NOT NULL,
  fetched_at    timestamptz NOT NULL,
  analyzed_at   timestamptz NOT NULL,
  language      text        NOT NULL,
  search_config regconfig   NOT NULL,
  tension_score real        NOT NULL,
  tension_level text        NOT NULL,
  topics        text[]      NOT NULL DEFAULT '{}',   -- topic names, e.g. military-buildup
  cameo         text[]      NOT NULL DEFAULT '{}',   -- their CAMEO codes
  entity_ids    text[]      NOT NULL DEFAULT '{}',   -- linked actors (RUS, ORG:NATO ...)
  dyads         text[]      NOT NULL DEFAULT '{}',   -- 'A|B' (source|target)
  tags          text[]      NOT NULL DEFAULT '{}',
  evidence      jsonb,                               -- topics with their evidence spans
  tsv           tsvector    NOT NULL,
  PRIMARY KEY (item_id, ts)
) PARTITION BY RANGE (ts);
CREATE INDEX items_tsv ON items USING gin (tsv);
CREATE INDEX items_ts ON items (ts DESC, item_id);
CREATE INDEX items_entities ON items USING gin (entity_ids);
CREATE INDEX items_dyads ON items USING gin (dyads);
CREATE INDEX items_topics ON items USING gin (topics, cameo);
CREATE INDEX items_feed ON items (feed_id, ts DESC);
CREATE INDEX items_story ON items (story_id);

-- A story and every copy of it, from every feed (an item's `sources` lists the copies the
-- cleaner grouped with it). Small next to items, so not partitioned: retention deletes stories
-- last seen before the cutoff, and their copies with them.
CREATE TABLE stories (
  story_id   text PRIMARY KEY,
  title      text NOT NULL,
  first_seen timestamptz NOT NULL,
  last_seen  timestamptz NOT NULL
);
CREATE INDEX stories_last_seen ON stories (last_seen);
CREATE TABLE story_sources (
  story_id text NOT NULL REFERENCES stories (story_id) ON DELETE CASCADE,
  item_id  text NOT NULL,
  feed_id  text NOT NULL,
  domain   text,
  url      text,
  seen_at  timestamptz NOT NULL,
  PRIMARY KEY (story_id, item_id)
);

CREATE TABLE entities (
  entity_id  text PRIMARY KEY,
  name       text NOT NULL,
  type       text NOT NULL,
  country    text,
  first_seen timestamptz NOT NULL,
  last_seen  timestamptz NOT NULL
);

CREATE TABLE mentions (
  entity_id text        NOT NULL,
  ts        timestamptz NOT NULL,
  item_id   text        NOT NULL,
  story_id  text        NOT NULL,
  count     integer     NOT NULL,
  salience  real        NOT NULL,
  role      text,
  PRIMARY KEY (entity_id, ts, item_id)
) PARTITION BY RANGE (ts);
CREATE INDEX mentions_item ON mentions (item_id);

-- One row per (item, dyad): the dyad's tension in that item. Series aggregate these.
CREATE TABLE dyad_tension (
  source   text        NOT NULL,
  target   text        NOT NULL,
  ts       timestamptz NOT NULL,
  item_id  text        NOT NULL,
  story_id text        NOT NULL,
  score    real        NOT NULL,
  topics   text[]      NOT NULL DEFAULT '{}',
  PRIMARY KEY (source, target, ts, item_id)
) PARTITION BY RANGE (ts);

-- Spikes of a dyad's tension index against its baseline (tension.events).
CREATE TABLE tension_events (
  source    text        NOT NULL,
  target    text        NOT NULL,
  window_   text        NOT NULL,
  at        timestamptz NOT NULL,
  value     real        NOT NULL,
  baseline  real        NOT NULL,
  z_score   real        NOT NULL,
  story_ids text[]      NOT NULL DEFAULT '{}',
  PRIMARY KEY (source, target, window_, at)
) PARTITION BY RANGE (at);

-- Alerts, keyed by their alert key; `ts` is the alerted item's publishedAt (held near its
-- fetch time like items.ts), the same on a replay.
CREATE TABLE alerts (
  alert_key   text        NOT NULL,
  ts          timestamptz NOT NULL,
  rule_id     text        NOT NULL,
  rule_name   text        NOT NULL,
  severity    text        NOT NULL,
  story_id    text        NOT NULL,
  item_id     text        NOT NULL,
  feed_id     text        NOT NULL,
  is_update   boolean     NOT NULL,
  title       text        NOT NULL,
  url         text,
  score       real        NOT NULL,
  channels    text[]      NOT NULL DEFAULT '{}',
  reason      text,
  created_at  timestamptz NOT NULL,
  explanation jsonb       NOT NULL,
  trend       jsonb,
  PRIMARY KEY (alert_key, ts)
) PARTITION BY RANGE (ts);
CREATE INDEX alerts_ts ON alerts (ts DESC, alert_key);
CREATE INDEX alerts_key ON alerts (alert_key);

-- Every delivery attempt's outcome; event_id is the envelope id of the `alerts` message.
CREATE TABLE deliveries (
  event_id    text        NOT NULL,
  at          timestamptz NOT NULL,
  alert_key   text        NOT NULL,
  destination text        NOT NULL,
  outcome     text        NOT NULL,
  attempt     integer,
  status      integer,
  ms          integer,
  error       text,
  PRIMARY KEY (event_id, at)
) PARTITION BY RANGE (at);
CREATE INDEX deliveries_alert ON deliveries (alert_key);

-- Weekly partitions (Monday 00:00 UTC) of every partitioned table for the weeks that touch
-- [p_from, p_to]; existing ones are left alone.
CREATE FUNCTION archive_ensure_partitions(p_from timestamptz, p_to timestamptz)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  t text;
  wk timestamptz;
  made integer := 0;
  name text;
BEGIN
  -- One creator at a time (writers of several replicas may meet a new week together).
  PERFORM pg_advisory_xact_lock(hashtext('faultline-archive-partitions'));
  FOREACH t IN ARRAY ARRAY['items','mentions','dyad_tension','tension_events','alerts','deliveries'] LOOP
    wk := date_trunc('week', p_from AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    WHILE wk <= p_to LOOP
      name := t || '_w' || to_char(wk AT TIME ZONE 'UTC', 'YYYYMMDD');
      IF to_regclass(name) IS NULL THEN
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                       name, t, wk, wk + interval '7 days');
        made := made + 1;
      END IF;
      wk := wk + interval '7 days';
    END LOOP;
  END LOOP;
  RETURN made;
END $$;

-- Drops every weekly partition that ends at or before p_cutoff; returns their names.
CREATE FUNCTION archive_drop_partitions(p_cutoff timestamptz)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT c.relname
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname IN ('items','mentions','dyad_tension','tension_events','alerts','deliveries')
      AND c.relname ~ '_w[0-9]{8}$'
      AND (to_date(right(c.relname, 8), 'YYYYMMDD')::timestamp AT TIME ZONE 'UTC') + interval '7 days' <= p_cutoff
  LOOP
    EXECUTE format('DROP TABLE %I', r.relname);
    RETURN NEXT r.relname;
  END LOOP;
END $$;

-- Down Migration
DROP FUNCTION IF EXISTS archive_drop_partitions(timestamptz);
DROP FUNCTION IF EXISTS archive_ensure_partitions(timestamptz, timestamptz);
DROP TABLE IF EXISTS deliveries, alerts, tension_events, dyad_tension, mentions, entities,
  story_sources, stories, items;
