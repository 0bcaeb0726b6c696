-- Home feeds, fanned out on write (docs/decisions/1001-home-feed-fan-out-on-write.md).
--
-- A feed holds, for an active reader, the ids of recent posts by the accounts they follow. It is an
-- index, not the truth: every read checks each row against post, follow, block and mute, so a row
-- left behind by an unfollow, a delete, a block or moderation is never shown. Own posts and posts
-- by large accounts are not in it; the read merges them from post_author_time.
create table home_feed (
    owner_id   bigint      not null,
    created_at timestamptz not null,
    post_id    bigint      not null,
    author_id  bigint      not null,
    primary key (owner_id, created_at, post_id)
);

-- One row per reader whose feed is kept. built = false while the first fill runs (reads then use
-- the pull query). The feed is complete for posts at or after (horizon_at, horizon_id); older
-- pages come from the pull query. A null horizon means the feed holds everything.
-- synced_at: follows made after it have not been backfilled yet.
create table home_feed_state (
    owner_id     bigint      primary key references account (id),
    built        boolean     not null default false,
    horizon_at   timestamptz,
    horizon_id   bigint,
    last_read_at timestamptz not null,
    synced_at    timestamptz not null
);

-- Authors with more followers than murmur.feed.large-account-followers when they last posted. Their
-- posts are merged at read time instead of fanned out. Sticky: an author never leaves this table,
-- so no post of theirs is ever in neither place.
create table feed_large_author (
    author_id bigint      primary key references account (id),
    since     timestamptz not null default now()
);

-- The newest follow of a reader, for the backfill check on every home read.
create index follow_follower_time on follow (follower_id, created_at);
