-- Moderation: posts removed by operators, accounts suspended and reinstated
-- (docs/events.md "Moderation", docs/decisions/0501-moderation-decisions.md).

-- A post moderation removed is also a tombstone (deleted_at set, text and facets cleared, unless its
-- author had deleted it first); this says moderation removed it. Who and why are in moderation_action.
alter table post add column removed_by_moderation_at timestamptz;

-- The moderation log: one row per decision that changed something, written in the transaction that
-- makes the change and appends its event (dev.murmur.moderation.*) to the outbox. Append-only.
-- account.moderated_at (V4) is the suspension flag; trends already read it.
create table moderation_action (
    id           bigint generated always as identity primary key,
    action       varchar(20) not null check (action in ('POST_REMOVED', 'ACCOUNT_SUSPENDED', 'ACCOUNT_REINSTATED')),
    account_id   bigint      not null references account (id),   -- the creator the decision is about
    post_id      bigint      references post (id),               -- the removed post; null for account decisions
    moderator_id bigint      not null references account (id),
    reason       text        not null check (length(reason) > 0),
    event_id     uuid        not null unique,                     -- the outbox event (CloudEvents id) it wrote
    created_at   timestamptz not null,
    check ((action = 'POST_REMOVED') = (post_id is not null))
);
-- The log is read newest first with a keyset cursor (docs/decisions/0003-keyset-cursor-pagination.md).
create index moderation_action_time on moderation_action (created_at desc, id desc);
-- A post is removed once: a second removal is refused here even if the service's check were bypassed.
create unique index moderation_action_post_removed on moderation_action (post_id) where action = 'POST_REMOVED';
create index moderation_action_account on moderation_action (account_id);
