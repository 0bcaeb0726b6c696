-- Trend detection and attribution (docs/rewards.md "Trend credits", docs/decisions/0301-trend-detection.md).

-- Moderation hook: accounts excluded by moderation do not count towards trends.
alter table account add column moderated_at timestamptz;

-- The detector's clock (event time) and the first bucket it ever saw; one row, locked by each batch,
-- so detector transactions run one at a time whatever the number of instances.
create table trend_detector (
    id           smallint primary key check (id = 1),
    watermark    bigint,            -- latest event time seen, epoch millis
    first_bucket bigint             -- first bucket seen; no tag trends before W buckets of baseline
);
insert into trend_detector (id) values (1);

-- Post events the detector has applied, written in the same transaction as their effect.
create table trend_processed_event (
    event_id    uuid        primary key,
    recorded_at timestamptz not null
);

-- Per tag: bucket counts, the accounts counted in the last two buckets, the cascade before detection
-- and the trend in progress (TagState as JSON).
create table trend_tag_state (
    tag        varchar(100) primary key,
    active     boolean      not null default false,
    state      jsonb        not null,
    updated_at timestamptz  not null
);
create index trend_tag_state_active on trend_tag_state (tag) where active;

create table trend (
    id              uuid         primary key,          -- derived from tag and start bucket
    tag             varchar(100) not null,
    status          varchar(12)  not null check (status in ('TRENDING', 'ENDED', 'SUPPRESSED')),
    start_bucket    bigint       not null,
    detected_at     timestamptz  not null,
    ended_at        timestamptz,
    detection_score double precision not null,
    peak_score      double precision not null,
    credits         bigint       not null default 0 check (credits >= 0),
    period_id       bigint       references reward_period (id),
    timeline        jsonb        not null,              -- [{bucket, startsAt, accounts}]
    updated_at      timestamptz  not null
);
create index trend_status on trend (status, peak_score desc);
create index trend_tag on trend (tag);

create table trend_share (
    trend_id   uuid    not null references trend (id),
    account_id bigint  not null,
    bps        integer not null check (bps between 1 and 10000),
    roles      jsonb   not null,
    reasons    jsonb   not null,
    credits    bigint  not null default 0 check (credits >= 0),
    primary key (trend_id, account_id)
);
create index trend_share_account on trend_share (account_id);

-- Operators mark tags not trendable.
create table trend_tag_moderation (
    tag        varchar(100) primary key,
    trendable  boolean      not null,
    reason     varchar(300) not null default '',
    updated_by bigint       not null,
    updated_at timestamptz  not null
);

-- Trend credits awarded per reward period (the pool is murmur.trends.pool-per-period).
create table trend_pool_usage (
    period_id bigint primary key references reward_period (id),
    credits   bigint not null check (credits >= 0)
);
