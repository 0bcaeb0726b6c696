-- Microblog core: accounts, tokens, posts with facets, engagement, social graph.

create table account (
    id            bigint generated always as identity primary key,
    handle        varchar(30)  not null,
    display_name  varchar(64)  not null,
    bio           varchar(300) not null default '',
    password_hash text         not null,
    created_at    timestamptz  not null default now(),
    constraint account_handle_format check (handle ~ '^[a-z0-9_]{3,30}$')
);
-- Handles are stored lower-case; the index makes uniqueness case-insensitive even
-- if a future writer forgets to normalise.
create unique index account_handle_unique on account (lower(handle));

create table account_role (
    account_id bigint      not null references account (id),
    role       varchar(16) not null check (role in ('USER', 'OPERATOR', 'AUDITOR', 'ADMIN')),
    granted_by bigint      references account (id),
    granted_at timestamptz not null default now(),
    primary key (account_id, role)
);

-- Bearer tokens are random; only their SHA-256 is stored.
create table access_token (
    token_hash  char(64)    primary key,
    account_id  bigint      not null references account (id),
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    revoked_at  timestamptz
);
create index access_token_account on access_token (account_id);

create table post (
    id              bigint generated always as identity primary key,
    author_id       bigint      not null references account (id),
    kind            varchar(8)  not null check (kind in ('POST', 'REPLY', 'QUOTE', 'REPOST')),
    text            text        not null default '',
    reply_parent_id bigint      references post (id),
    reply_root_id   bigint      references post (id),
    quote_of_id     bigint      references post (id),
    repost_of_id    bigint      references post (id),
    like_count      integer     not null default 0 check (like_count >= 0),
    repost_count    integer     not null default 0 check (repost_count >= 0),
    reply_count     integer     not null default 0 check (reply_count >= 0),
    quote_count     integer     not null default 0 check (quote_count >= 0),
    created_at      timestamptz not null default now(),
    deleted_at      timestamptz,
    search_vector   tsvector generated always as (to_tsvector('simple', text)) stored,
    constraint post_reply_shape check ((kind = 'REPLY') = (reply_parent_id is not null and reply_root_id is not null)),
    constraint post_quote_shape check ((kind = 'QUOTE') = (quote_of_id is not null)),
    constraint post_repost_shape check ((kind = 'REPOST') = (repost_of_id is not null))
);
create index post_author_time on post (author_id, created_at desc, id desc);
create index post_time on post (created_at desc, id desc);
create index post_reply_parent on post (reply_parent_id) where reply_parent_id is not null;
create index post_search on post using gin (search_vector);
-- One live repost per account and post: reposting twice is reposting once.
create unique index post_one_repost on post (author_id, repost_of_id) where kind = 'REPOST' and deleted_at is null;

-- Structured spans of a post's text. Offsets are UTF-8 byte offsets, end exclusive.
create table post_facet (
    id         bigint generated always as identity primary key,
    post_id    bigint       not null references post (id),
    kind       varchar(8)   not null check (kind in ('HASHTAG', 'MENTION', 'LINK')),
    byte_start integer      not null,
    byte_end   integer      not null,
    value      varchar(2048) not null,
    account_id bigint       references account (id),
    check (byte_start >= 0 and byte_end > byte_start)
);
create index post_facet_post on post_facet (post_id);
create index post_facet_tag on post_facet (value, post_id desc) where kind = 'HASHTAG';

create table post_like (
    account_id bigint      not null references account (id),
    post_id    bigint      not null references post (id),
    created_at timestamptz not null default now(),
    primary key (account_id, post_id)
);
create index post_like_post on post_like (post_id);

-- Makes creation endpoints safe to retry under an Idempotency-Key header.
create table idempotency_record (
    account_id   bigint      not null references account (id),
    scope        varchar(32) not null,
    key          varchar(128) not null,
    request_hash char(64)    not null,
    resource_id  bigint      not null,
    created_at   timestamptz not null default now(),
    primary key (account_id, scope, key)
);

create table follow (
    follower_id bigint      not null references account (id),
    followee_id bigint      not null references account (id),
    created_at  timestamptz not null default now(),
    primary key (follower_id, followee_id),
    check (follower_id <> followee_id)
);
create index follow_followee on follow (followee_id);

create table block (
    blocker_id bigint      not null references account (id),
    blocked_id bigint      not null references account (id),
    created_at timestamptz not null default now(),
    primary key (blocker_id, blocked_id),
    check (blocker_id <> blocked_id)
);
create index block_blocked on block (blocked_id);

create table mute (
    muter_id   bigint      not null references account (id),
    muted_id   bigint      not null references account (id),
    created_at timestamptz not null default now(),
    primary key (muter_id, muted_id),
    check (muter_id <> muted_id)
);

create table report (
    id                bigint generated always as identity primary key,
    reporter_id       bigint       not null references account (id),
    target_account_id bigint       references account (id),
    target_post_id    bigint       references post (id),
    reason            varchar(32)  not null,
    comment           varchar(1000) not null default '',
    created_at        timestamptz  not null default now(),
    check ((target_account_id is null) <> (target_post_id is null))
);
