-- Tips between accounts. Money moves only in the ledger (reader balance -> creator payable); this
-- table keeps what people see: who tipped whom, for which post, the message and the fee.
create table tip (
    id           bigint generated always as identity primary key,
    tipper_id    bigint       not null references account (id),
    creator_id   bigint       not null references account (id),
    post_id      bigint       references post (id),
    amount       bigint       not null check (amount > 0),       -- payout-token base units
    fee          bigint       not null check (fee >= 0 and fee < amount),
    fee_bps      integer      not null check (fee_bps between 0 and 10000),
    message      varchar(280) not null default '',
    anonymous    boolean      not null default false,
    entry_event  uuid         not null unique,                   -- the ledger entry's event id
    created_at   timestamptz  not null,
    check (tipper_id <> creator_id)
);
create index tip_creator on tip (creator_id, id desc);
create index tip_tipper on tip (tipper_id, id desc);

-- Withdrawals of unspent tipping balance: they join the next settlement batch.
create table withdrawal (
    id          bigint generated always as identity primary key,
    account_id  bigint      not null references account (id),
    amount      bigint      not null check (amount > 0),
    entry_event uuid        not null unique,
    created_at  timestamptz not null
);
create index withdrawal_account on withdrawal (account_id, id desc);
