-- Ledger accounts become typed columns instead of names parsed with split_part (decision 1110):
-- account_kind (a stable code, as TigerBeetle's `code`), owner_id (the Murmur account owning a
-- creator or reader account) and owner_address (the address deposits are held for). An absent
-- owner is 0 or '': no account id is 0 and no address is empty, so an account is found by equality
-- and the primary key stays a primary key. The unit column is TigerBeetle's `ledger`, and each kind
-- counts in exactly one unit.
--
-- A posted or voided settlement entry now names the pending entry it resolves (pending_id), as
-- TigerBeetle's two-phase transfers do.
--
-- Journal rows are append-only; this migration is the one place that rewrites them, with the
-- append-only triggers off for its own transaction only, and it refuses to finish if any account
-- name does not map.

alter table journal_posting disable trigger journal_posting_append_only;
alter table journal_entry disable trigger journal_entry_append_only;

alter table journal_posting
    add column account_kind  varchar(24),
    add column owner_id      bigint      not null default 0,
    add column owner_address varchar(42) not null default '';

update journal_posting set
    account_kind = case
        when account_code = 'pool:engagement'                       then 'ENGAGEMENT_POOL'
        when account_code = 'pool:trends'                           then 'TREND_POOL'
        when account_code = 'funding:rewards'                       then 'REWARD_FUNDING'
        when account_code = 'chain:deposits'                        then 'CHAIN_DEPOSITS'
        when account_code = 'platform:tip-fees'                     then 'TIP_FEES'
        when account_code ~ '^creator:[0-9]+:credits$'              then 'CREATOR_CREDITS'
        when account_code ~ '^creator:[0-9]+:unsettled$'            then 'CREATOR_UNSETTLED'
        when account_code ~ '^creator:[0-9]+:pending$'              then 'CREATOR_PENDING'
        when account_code ~ '^creator:[0-9]+:settled$'              then 'CREATOR_SETTLED'
        when account_code ~ '^creator:[0-9]+:claimed$'              then 'CREATOR_CLAIMED'
        when account_code ~ '^reader:[0-9]+:balance$'               then 'READER_BALANCE'
        when account_code ~ '^held:[^:]+:deposits$'                 then 'HELD_DEPOSITS'
    end,
    owner_id = case when account_code ~ '^(creator|reader):[0-9]+:' then split_part(account_code, ':', 2)::bigint else 0 end,
    owner_address = case when account_code ~ '^held:[^:]+:deposits$' then split_part(account_code, ':', 2) else '' end;

do $$
declare
    unmapped text;
begin
    select string_agg(distinct account_code, ', ') into unmapped from journal_posting where account_kind is null;
    if unmapped is not null then
        raise exception 'V70: ledger accounts with no kind: %; not migrating', unmapped;
    end if;
end $$;

alter table journal_posting drop constraint journal_posting_pkey;
drop index journal_posting_account;
alter table journal_posting drop column account_code;
alter table journal_posting
    alter column account_kind set not null,
    add primary key (entry_id, account_kind, owner_id, owner_address, unit),
    add constraint journal_posting_kind check (account_kind in (
        'CREATOR_CREDITS', 'CREATOR_UNSETTLED', 'CREATOR_PENDING', 'CREATOR_SETTLED', 'CREATOR_CLAIMED', 'READER_BALANCE',
        'HELD_DEPOSITS', 'ENGAGEMENT_POOL', 'TREND_POOL', 'REWARD_FUNDING', 'CHAIN_DEPOSITS', 'TIP_FEES')),
    -- each kind has its owner, and counts in its unit
    add constraint journal_posting_owner check (
        (owner_id > 0) = (account_kind in ('CREATOR_CREDITS', 'CREATOR_UNSETTLED', 'CREATOR_PENDING', 'CREATOR_SETTLED',
                                           'CREATOR_CLAIMED', 'READER_BALANCE'))
        and (owner_address <> '') = (account_kind = 'HELD_DEPOSITS')),
    add constraint journal_posting_unit check (
        unit = case when account_kind in ('CREATOR_CREDITS', 'ENGAGEMENT_POOL', 'TREND_POOL') then 'CREDIT' else 'TOKEN' end);
create index journal_posting_account on journal_posting (account_kind, owner_id, owner_address, unit);

alter table journal_entry add column pending_id bigint references journal_entry (id);
update journal_entry e set pending_id = (
        select p.id from journal_entry p
        where p.kind = 'SETTLEMENT_PENDING' and p.reason ->> 'batch' = e.reason ->> 'batch')
    where e.kind in ('SETTLEMENT_POSTED', 'SETTLEMENT_VOIDED');
-- a posted or voided entry resolves one pending entry, and a pending entry is resolved at most once
alter table journal_entry add constraint journal_entry_resolves_pending
    check ((pending_id is not null) = (kind in ('SETTLEMENT_POSTED', 'SETTLEMENT_VOIDED')));
create unique index journal_entry_pending on journal_entry (pending_id) where pending_id is not null;

alter table journal_posting enable trigger journal_posting_append_only;
alter table journal_entry enable trigger journal_entry_append_only;
