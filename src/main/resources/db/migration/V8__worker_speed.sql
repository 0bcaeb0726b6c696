-- The payout worker's state lives in the ledger's credit lines
-- (docs/decisions/0103-credit-lines-are-the-worker-state.md).
--
-- Until V7 the worker wrote four rows per event: a processed_event row (dedupe), the reason line,
-- the standing credit (engagement_credit, upserted, deleted on undo) and the daily usage
-- (reward_daily_usage, upserted). The three extra rows are projections of the lines:
--   * an event was applied iff it has a credit line, a rejected_event row or a journal entry (trend
--     credits); each of those has a unique index on the event id;
--   * the credit standing for (reader, post, kind) is its grant line that no reversal line takes back;
--   * what a reader gave a creator on a day is the sum of the lines counted against that day.
-- From here on the worker reads them from the lines and writes one row per event. The old tables
-- become views with the same names and columns, for operators and tests.

alter table journal_credit_line
    add column kind       varchar(8),   -- the engagement kind (LIKE, REPOST, REPLY, QUOTE)
    add column credit_day date;         -- the UTC day the credit counts against for the daily cap:
                                        -- the engagement's day; for a reversal, that of the credit it takes back

-- Backfill (the lines are append-only: the trigger is lifted for this migration only).
alter table journal_credit_line disable trigger journal_credit_line_append_only;
update journal_credit_line
   set kind = upper(split_part(type, '.', 4))
 where type like 'dev.murmur.engagement.%';
update journal_credit_line
   set credit_day = (occurred_at at time zone 'UTC')::date
 where amount > 0;
update journal_credit_line r
   set credit_day = coalesce(g.credit_day, (r.occurred_at at time zone 'UTC')::date)
  from journal_credit_line g
 where r.amount < 0 and g.event_id = r.reverses;
update journal_credit_line
   set credit_day = (occurred_at at time zone 'UTC')::date
 where credit_day is null;
alter table journal_credit_line enable trigger journal_credit_line_append_only;

-- The lines must reproduce the projections they replace, or this migration stops.
do $$
declare
    bad bigint;
begin
    select count(*) into bad from (
        (select reader_id, post_id, kind, creator_id, amount, source_post_id, granted_day, event_id from engagement_credit
         except
         select g.reader_id, g.post_id, g.kind, g.creator_id, g.amount, g.source_post_id, g.credit_day, g.event_id
         from journal_credit_line g
         where g.amount > 0 and not exists (select 1 from journal_credit_line r where r.reverses = g.event_id))
        union all
        (select g.reader_id, g.post_id, g.kind, g.creator_id, g.amount, g.source_post_id, g.credit_day, g.event_id
         from journal_credit_line g
         where g.amount > 0 and not exists (select 1 from journal_credit_line r where r.reverses = g.event_id)
         except
         select reader_id, post_id, kind, creator_id, amount, source_post_id, granted_day, event_id from engagement_credit)) d;
    if bad > 0 then
        raise exception 'V8: % standing credits differ from the credit lines; not migrating', bad;
    end if;
    select count(*) into bad from reward_daily_usage u
    where u.credits <> coalesce((select sum(l.amount) from journal_credit_line l
                                 where l.reader_id = u.reader_id and l.creator_id = u.creator_id
                                   and l.credit_day = u.day), 0);
    if bad > 0 then
        raise exception 'V8: % daily usage rows differ from the credit lines; not migrating', bad;
    end if;
    select count(*) into bad from processed_event p
    where not exists (select 1 from journal_credit_line l where l.event_id = p.event_id)
      and not exists (select 1 from rejected_event r where r.event_id = p.event_id)
      and not exists (select 1 from journal_entry e where e.event_id = p.event_id);
    if bad > 0 then
        raise exception 'V8: % processed events have no line, refusal or entry; not migrating', bad;
    end if;
end $$;

drop table engagement_credit;
drop table reward_daily_usage;
drop table processed_event;

-- The worker's two lookups per batch.
create index journal_credit_line_engagement on journal_credit_line (reader_id, post_id, kind);
create index journal_credit_line_day on journal_credit_line (reader_id, creator_id, credit_day);

-- Read-only views with the old names.
create view processed_event as
    select event_id, recorded_at from journal_credit_line
    union all
    select event_id, recorded_at from rejected_event
    union all
    select event_id, recorded_at from journal_entry where kind = 'TREND_CREDIT';

create view engagement_credit as
    select g.reader_id, g.post_id, g.kind, g.creator_id, g.source_post_id, g.amount, g.credit_day as granted_day, g.event_id
    from journal_credit_line g
    where g.amount > 0 and not exists (select 1 from journal_credit_line r where r.reverses = g.event_id);

create view reward_daily_usage as
    select reader_id, creator_id, credit_day as day, sum(amount) as credits
    from journal_credit_line
    where reader_id is not null
    group by reader_id, creator_id, credit_day;
