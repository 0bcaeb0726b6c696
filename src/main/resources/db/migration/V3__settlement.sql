-- Settlement: linked wallets, settlement batches with their manifests and signed transactions.
-- docs/settlement.md describes the lifecycle.

-- ---------------------------------------------------------------------------
-- Wallets: one address per creator, one creator per address. Linked once: the contract counts
-- claims per address, so moving a creator to a new address would pay the cumulative amount twice.
-- ---------------------------------------------------------------------------
create table wallet (
    account_id bigint      primary key references account (id),
    address    varchar(42) not null unique check (address ~ '^0x[0-9a-f]{40}$'),  -- lower case
    linked_at  timestamptz not null,
    linked_by  bigint      references account (id)
);

-- ---------------------------------------------------------------------------
-- Settlement batches. id is Murmur's own sequence; chain_batch_id is the contract's batch id.
-- A FAILED batch never reached the chain, so the next batch takes its chain_batch_id again.
-- ---------------------------------------------------------------------------
create table settlement_batch (
    id               bigint       primary key,
    chain_batch_id   bigint       not null check (chain_batch_id > 0),
    status           varchar(10)  not null check (status in ('DRAFT', 'SUBMITTED', 'CONFIRMED', 'FINAL', 'VETOED', 'FAILED', 'DISCARDED')),
    chain_id         bigint       not null,
    contract         varchar(42)  not null,
    root             varchar(66)  not null,
    cumulative_total bigint       not null check (cumulative_total >= 0),
    delta_total      bigint       not null check (delta_total > 0),
    periods_from     bigint,
    periods_through  bigint       not null references reward_period (id),
    manifest         text         not null,                        -- served byte for byte
    manifest_hash    varchar(66)  not null,                        -- keccak256 of manifest (UTF-8)
    created_at       timestamptz  not null,
    created_by       bigint       references account (id),
    submitted_at     timestamptz,
    confirmed_at     timestamptz,
    ended_at         timestamptz,                                  -- FINAL, VETOED, FAILED or DISCARDED
    tx_hash          varchar(66),                                  -- the transaction that was mined (or the latest sent)
    block_number     bigint,
    gas_used         bigint,
    claimable_at     timestamptz,
    failure          varchar(1000),
    last_error       varchar(1000)                                 -- latest transient problem (node down, ...)
);
-- Batch ids the chain has seen, or may see, are never reused.
create unique index settlement_batch_chain_id on settlement_batch (contract, chain_batch_id)
    where status not in ('FAILED', 'DISCARDED');
-- At most one batch is being worked on at a time.
create unique index settlement_batch_one_open on settlement_batch ((true))
    where status in ('DRAFT', 'SUBMITTED', 'CONFIRMED');

-- Each creator's cumulative entitlement in a batch, and the part that is new in it.
create table settlement_entitlement (
    batch_id   bigint      not null references settlement_batch (id),
    account_id bigint      not null references account (id),
    wallet     varchar(42) not null,
    cumulative bigint      not null check (cumulative >= 0),
    delta      bigint      not null check (delta >= 0),
    primary key (batch_id, account_id)
);

-- Every signed settle transaction, written before it is broadcast. Replacements (same nonce,
-- higher fees) and re-signs after a lost nonce add rows; at most one of them can be mined.
create table settlement_tx (
    tx_hash                  varchar(66) primary key,
    batch_id                 bigint      not null references settlement_batch (id),
    nonce                    bigint      not null,
    raw                      text        not null,
    max_fee_per_gas          numeric(78) not null,
    max_priority_fee_per_gas numeric(78) not null,
    signed_at                timestamptz not null,
    broadcast_at             timestamptz
);
create index settlement_tx_batch on settlement_tx (batch_id);
