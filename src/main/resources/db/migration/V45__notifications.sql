-- Notifications (docs/api.md "Notifications", docs/decisions/0711-*, 0712-*): built by the
-- notification consumer from the events on Kafka, one row per group ("ada and 3 others liked your
-- post"). Written only by dev.murmur.notification; no foreign keys to other features' tables, so
-- the consumer never waits on their locks and their rows can be removed without touching these.
create table notification (
    id          bigserial    primary key,
    account_id  bigint       not null,          -- who is notified
    kind        varchar(30)  not null,          -- NotificationKind
    group_key   varchar(200) not null,          -- what events join the group: kind and subject
    post_id     bigint,
    trend_id    varchar(64),
    tag         varchar(100),                    -- the trend's hashtag, for TREND_CREDIT
    batch_id    bigint,
    tip_id      bigint,
    amount      bigint,                          -- tip (token base units), trend credits, or settled earnings
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,          -- the last actor joined: the list's order
    read_at     timestamptz
);
-- The list, newest first (keyset on updated_at, id).
create index notification_list on notification (account_id, updated_at desc, id desc);
-- The unread count, and the open groups new actors join.
create index notification_unread on notification (account_id, group_key) where read_at is null;
-- Undo finds a group by its key whether read or not.
create index notification_group on notification (account_id, group_key);
-- A deleted post takes the notifications about it along.
create index notification_post on notification (post_id) where post_id is not null;

-- Who acted, once per group; the most recent few are shown.
create table notification_actor (
    notification_id bigint      not null references notification (id) on delete cascade,
    actor_id        bigint      not null,
    acted_at        timestamptz not null,
    primary key (notification_id, actor_id)
);
create index notification_actor_recent on notification_actor (notification_id, acted_at desc);

-- The consumer's dedupe: an event id is inserted in the transaction that applies the event.
create table notification_processed_event (
    event_id    uuid        primary key,
    recorded_at timestamptz not null
);
