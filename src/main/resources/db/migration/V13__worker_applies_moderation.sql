-- The payout worker applies moderation events (docs/rewards.md, rule 7; docs/events.md): a post
-- removed, an account suspended or reinstated. The reversals are credit lines like any other; this
-- table records each moderation event the worker applied, in order: it is their dedupe, and the
-- suspensions' state (a creator is suspended when the last of its suspensions and reinstatements
-- applied is a suspension).
create table payout_moderation (
    event_id    uuid         primary key,
    seq         bigserial    not null,
    type        varchar(100) not null,
    creator_id  bigint       not null,
    post_id     bigint,
    occurred_at timestamptz  not null,
    applied_at  timestamptz  not null
);
create index payout_moderation_creator on payout_moderation (creator_id, seq);

-- Every event the worker processed: the moderation events join the lines, refusals and trend entries.
create or replace view processed_event as
    select event_id, recorded_at from journal_credit_line
    union all
    select event_id, recorded_at from rejected_event
    union all
    select event_id, recorded_at from journal_entry where kind = 'TREND_CREDIT'
    union all
    select event_id, applied_at from payout_moderation;
