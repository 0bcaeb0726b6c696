-- Accounts, hardened (decisions 0615, 0616).

-- The bootstrap admin is created once, as a new account; this row says it was, so a restart never
-- creates or promotes it again (a demoted bootstrap admin stays demoted).
create table admin_bootstrap (
    handle     varchar(30) primary key,
    account_id bigint      not null references account (id),
    created_at timestamptz not null
);

-- When the token's holder last proved the password: at login, and again at each step-up.
alter table access_token add column authenticated_at timestamptz;
update access_token set authenticated_at = created_at;
alter table access_token alter column authenticated_at set not null;

-- What happened to an account's security, for the account to see (GET /api/accounts/me/security-events).
create table account_security_event (
    id         bigint generated always as identity primary key,
    account_id bigint        not null references account (id),
    kind       varchar(30)   not null,
    ref        varchar(200),                  -- a stable reference (an idempotency key, an address, ...) or null
    detail     jsonb         not null default '{}',
    at         timestamptz   not null
);
create index account_security_event_account on account_security_event (account_id, id desc);
create unique index account_security_event_ref on account_security_event (account_id, kind, ref) where ref is not null;
