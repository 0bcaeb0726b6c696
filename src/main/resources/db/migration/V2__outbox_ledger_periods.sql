-- Engagement events and the credit ledger: transactional outbox, payout worker state,
-- double-entry journal, reward periods.

-- ---------------------------------------------------------------------------
-- Outbox: written in the same transaction as the state change, relayed to Kafka.
-- ---------------------------------------------------------------------------
create table outbox_event (
    seq          bigint generated always as identity primary key,
    id           uuid         not null unique,          -- UUIDv7, the CloudEvents id
    topic        varchar(100) not null,
    event_key    varchar(100) not null,
    -- Relays lock lanes, not rows: every row of a key is in the same lane, so one relay at a
    -- time publishes a key, in seq order (docs/decisions/0101-outbox-relay.md).
    lane         smallint     not null check (lane >= 0),
    type         varchar(100) not null,
    subject      varchar(100) not null,
    payload      text         not null,
    occurred_at  timestamptz  not null,
    published_at timestamptz
);
create index outbox_event_unpublished on outbox_event (lane, seq) where published_at is null;

-- ---------------------------------------------------------------------------
-- Reward periods: one OPEN period at a time; closing opens the next.
-- ---------------------------------------------------------------------------
create table reward_period (
    id         bigint generated always as identity primary key,
    starts_at  timestamptz not null,
    ends_at    timestamptz not null,               -- scheduled end; the operator closes it
    budget     bigint      not null default 0 check (budget >= 0),  -- payout-token base units
    status     varchar(8)  not null default 'OPEN' check (status in ('OPEN', 'CLOSED')),
    closed_at  timestamptz,
    check ((status = 'CLOSED') = (closed_at is not null))
);
create unique index reward_period_one_open on reward_period ((true)) where status = 'OPEN';

-- ---------------------------------------------------------------------------
-- Ledger: append-only double entry. Amounts are signed integers in base units; every entry
-- sums to zero per unit (checked in code before insert).
-- ---------------------------------------------------------------------------
create sequence journal_entry_seq;
create table journal_entry (
    id          bigint       primary key,
    kind        varchar(32)  not null,
    event_id    uuid         unique,                 -- the event that caused it, if any
    period_id   bigint       not null references reward_period (id),
    occurred_at timestamptz  not null,               -- when the cause happened
    recorded_at timestamptz  not null,               -- when the ledger wrote it
    reason      jsonb        not null                -- why: event, rule, post, ...
);
create index journal_entry_period on journal_entry (period_id);

create table journal_posting (
    entry_id     bigint      not null references journal_entry (id),
    account_code varchar(64) not null,
    unit         varchar(16) not null,
    amount       bigint      not null check (amount <> 0),
    primary key (entry_id, account_code, unit)
);
create index journal_posting_account on journal_posting (account_code, unit);

-- Rows are facts: the database refuses to change or remove them.
create function ledger_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'ledger rows are append-only (% on %)', tg_op, tg_table_name;
end $$;
create trigger journal_entry_append_only before update or delete on journal_entry
    for each row execute function ledger_append_only();
create trigger journal_posting_append_only before update or delete on journal_posting
    for each row execute function ledger_append_only();

-- ---------------------------------------------------------------------------
-- Payout worker state (a projection the policy needs; not money).
-- ---------------------------------------------------------------------------
-- Every event the worker has applied, written in the same transaction: the dedupe key.
create table processed_event (
    event_id    uuid        primary key,
    recorded_at timestamptz not null
);

-- The credit currently standing for one engagement (reader, post, kind); undo reverses it.
create table engagement_credit (
    reader_id      bigint      not null,
    post_id        bigint      not null,
    kind           varchar(8)  not null,
    creator_id     bigint      not null,
    source_post_id bigint,                          -- the reply or quote that earned it
    amount         bigint      not null check (amount > 0),
    granted_day    date        not null,
    event_id       uuid        not null,
    primary key (reader_id, post_id, kind)
);
create index engagement_credit_post on engagement_credit (post_id);

-- Credits one reader has given one creator on one UTC day, net of undos: the daily cap.
create table reward_daily_usage (
    reader_id  bigint not null,
    creator_id bigint not null,
    day        date   not null,
    credits    bigint not null check (credits >= 0),
    primary key (reader_id, creator_id, day)
);

-- Events the policy refused, and why (operators read these).
create table rejected_event (
    event_id    uuid         primary key,
    type        varchar(100) not null,
    rule        varchar(32)  not null,
    detail      varchar(500) not null,
    creator_id  bigint,
    reader_id   bigint,
    post_id     bigint,
    recorded_at timestamptz  not null
);
create index rejected_event_time on rejected_event (recorded_at desc);
