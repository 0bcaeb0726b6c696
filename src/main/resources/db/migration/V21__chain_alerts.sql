-- Foreign settles (decision 0613): a BatchSettled or BatchVetoed log that Murmur's own batches do not
-- explain. Raised by the chain listener; open until an auditor resolves it. While any is open,
-- readiness is DOWN.
create table chain_alert (
    id           bigint generated always as identity primary key,
    chain_id     bigint        not null,
    contract     varchar(42)   not null,
    kind         varchar(30)   not null check (kind in ('UNKNOWN_BATCH', 'ROOT_MISMATCH', 'UNKNOWN_VETO', 'VETO_AFTER_FINAL')),
    batch_id     bigint        not null,               -- the contract's batch id
    tx_hash      varchar(66)   not null,
    log_index    bigint        not null,
    block_number bigint        not null,
    detail       varchar(2000) not null,
    raised_at    timestamptz   not null,
    resolved_at  timestamptz,
    resolved_by  bigint        references account (id),
    resolution   varchar(1000)
);
create unique index chain_alert_log on chain_alert (contract, tx_hash, log_index, kind);
create index chain_alert_open on chain_alert (raised_at) where resolved_at is null;
