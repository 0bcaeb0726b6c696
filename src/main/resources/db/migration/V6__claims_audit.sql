-- Wallet proofs and wallet history, per-address entitlements, the chain listener's cursor and logs.
-- docs/settlement.md (wallets, claims) and docs/decisions/0401-wallet-changes-per-address.md.

-- ---------------------------------------------------------------------------
-- An address belongs to one account, forever: the contract counts claims per address, so an
-- address that ever received a creator's money can never carry another creator's leaf.
-- ---------------------------------------------------------------------------
create table wallet_address (
    address    varchar(42) primary key check (address ~ '^0x[0-9a-f]{40}$'),
    account_id bigint      not null references account (id)
);
insert into wallet_address (address, account_id) select address, account_id from wallet;

-- Which wallet an account had when: `wallet` keeps the current one, this keeps them all.
create table wallet_link (
    id          bigserial   primary key,
    account_id  bigint      not null references account (id),
    address     varchar(42) not null references wallet_address (address),
    linked_from timestamptz not null,
    linked_to   timestamptz,                                   -- null: the current wallet
    method      varchar(10) not null check (method in ('operator', 'signature')),
    linked_by   bigint      references account (id),
    nonce       varchar(64)                                    -- the signed challenge, for 'signature'
);
create unique index wallet_link_current on wallet_link (account_id) where linked_to is null;
insert into wallet_link (account_id, address, linked_from, method, linked_by)
select account_id, address, linked_at, 'operator', linked_by from wallet;

-- One-time messages a creator signs to prove a wallet (EIP-4361 style, EIP-191 personal_sign).
create table wallet_challenge (
    nonce      varchar(64) primary key,
    account_id bigint      not null references account (id),
    address    varchar(42) not null,
    chain_id   bigint      not null,
    message    text        not null,                           -- exactly the bytes to sign
    issued_at  timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz
);
create index wallet_challenge_account on wallet_challenge (account_id);

-- ---------------------------------------------------------------------------
-- Entitlements are per address: an old wallet keeps its frozen cumulative amount (claimable
-- there), the current one accrues. An account may therefore have several rows in a batch.
-- ---------------------------------------------------------------------------
alter table settlement_entitlement drop constraint settlement_entitlement_pkey;
alter table settlement_entitlement add primary key (batch_id, wallet);
create index settlement_entitlement_account on settlement_entitlement (account_id);

-- ---------------------------------------------------------------------------
-- Chain listener: a cursor (block number and hash) per contract, recent checkpoints to find the
-- common ancestor after a reorg, and every processed log with its block hash. A log whose block
-- left the canonical chain gets removed_at, and its effect a reversing entry.
-- ---------------------------------------------------------------------------
create table chain_checkpoint (
    chain_id     bigint      not null,
    contract     varchar(42) not null,
    block_number bigint      not null,
    block_hash   varchar(66) not null,
    recorded_at  timestamptz not null,
    primary key (chain_id, contract, block_number)
);

create table chain_log (
    id           bigserial   primary key,
    chain_id     bigint      not null,
    contract     varchar(42) not null,
    event        varchar(20) not null check (event in ('BatchSettled', 'BatchVetoed', 'Claimed', 'Deposited')),
    block_number bigint      not null,
    block_hash   varchar(66) not null,
    tx_hash      varchar(66) not null,
    log_index    bigint      not null,
    batch_id     bigint,                                       -- chain batch id (BatchSettled, BatchVetoed, Claimed)
    address      varchar(42),                                  -- Claimed: account; Deposited: from; BatchVetoed: auditor
    amount       numeric(78),                                  -- Claimed, Deposited
    cumulative   numeric(78),                                  -- Claimed: cumulativeClaimed; BatchSettled: cumulativeTotal
    data         jsonb       not null,                         -- every field of the event
    account_id   bigint      references account (id),          -- Claimed: the creator owning the address, if any
    processed_at timestamptz not null,
    removed_at   timestamptz                                   -- its block left the canonical chain
);
-- A log is applied once while it is canonical.
create unique index chain_log_once on chain_log (chain_id, contract, tx_hash, log_index) where removed_at is null;
create index chain_log_block on chain_log (chain_id, contract, block_number) where removed_at is null;
create index chain_log_claims on chain_log (address) where event = 'Claimed' and removed_at is null;
