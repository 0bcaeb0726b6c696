-- The payout worker writes one journal entry per batch, aggregated per creator, and the reason for
-- every credit and reversal as a line here (docs/decisions/0102-aggregated-credit-entries.md).

-- One row per engagement event that moved credit: the "why did I earn this?" of the ledger.
-- For each entry and creator, the lines add up to the entry's posting on creator:<id>:credits
-- (no posting when they add up to zero). A batch whose lines add up to zero for every creator
-- moves nothing and writes no entry: its lines have no entry_id.
create table journal_credit_line (
    event_id       uuid         primary key,           -- the engagement event: applied once
    entry_id       bigint       references journal_entry (id),
    period_id      bigint       not null references reward_period (id),
    creator_id     bigint       not null,
    post_id        bigint       not null,
    reader_id      bigint,
    source_post_id bigint,                             -- the reply, quote or repost row
    amount         bigint       not null check (amount <> 0),   -- negative for a reversal
    rule           varchar(32)  not null,
    type           varchar(100) not null,              -- the event's CloudEvents type
    reverses       uuid,                               -- for a reversal: the event whose credit it takes back
    occurred_at    timestamptz  not null,
    recorded_at    timestamptz  not null
);
create index journal_credit_line_creator on journal_credit_line (creator_id, period_id);

create trigger journal_credit_line_append_only before update or delete on journal_credit_line
    for each row execute function ledger_append_only();

-- Entries written before this migration (one per event) get their lines, so the earnings API keeps
-- showing them.
insert into journal_credit_line (event_id, entry_id, period_id, creator_id, post_id, reader_id, source_post_id,
                                 amount, rule, type, reverses, occurred_at, recorded_at)
select e.event_id, e.id, e.period_id, split_part(p.account_code, ':', 2)::bigint, (e.reason ->> 'post')::bigint,
       (e.reason ->> 'reader')::bigint, (e.reason ->> 'source')::bigint, p.amount, e.reason ->> 'rule',
       e.reason ->> 'type', (e.reason ->> 'reverses')::uuid, e.occurred_at, e.recorded_at
from journal_entry e
join journal_posting p on p.entry_id = e.id and p.unit = 'CREDIT' and p.account_code like 'creator:%:credits'
where e.kind in ('ENGAGEMENT_CREDIT', 'ENGAGEMENT_REVERSAL') and e.event_id is not null;
