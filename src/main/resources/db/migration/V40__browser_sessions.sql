-- Browser sessions (docs/web.md, decision 0702) live in the token store beside bearer tokens:
-- the same hashing, expiry and server-side revocation, told apart by kind, so a session cookie
-- never works as a bearer token and a bearer token never works as a cookie.
alter table access_token add column kind text not null default 'BEARER'
    check (kind in ('BEARER', 'SESSION'));
