-- Keys by role (decision 0611): the settler is the only process with the operator key.

-- The settler lease: at most one settler drives batches and follows the chain at a time. A holder
-- renews it on every tick; another process takes it over only once it has expired (the database
-- clock decides, so hosts' clocks do not matter). A clean shutdown releases it at once.
create table settler_lease (
    name        varchar(30)  primary key,
    holder      varchar(200) not null,
    acquired_at timestamptz  not null,
    renewed_at  timestamptz  not null,
    expires_at  timestamptz  not null
);

-- An operator's submit is a request the API records; the settler's driver signs and sends it.
alter table settlement_batch add column submit_requested_at timestamptz;
alter table settlement_batch add column submit_requested_by bigint references account (id);
