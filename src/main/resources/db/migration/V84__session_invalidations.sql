-- Sessions cached in each app process (decision 1176): every change that can end a token or change
-- what it resolves to (revoked, expired early, moved, deleted; a role granted or revoked; a handle
-- changed) notifies channel murmur_sessions with the account's id. PostgreSQL delivers a
-- notification only when its transaction commits, to every process listening, so each process
-- forgets that account's cached sessions right after the change becomes visible. Triggers, not the
-- app's code, so that no write path (another process, an operator's SQL) can change a session
-- behind the caches' backs. A new token needs no notification: nothing can have cached it yet.
--
-- The trigger's argument names the column that holds the account's id. Within one transaction
-- PostgreSQL sends the same payload once, so an update that keeps the account notifies once.
create function murmur_session_changed() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        perform pg_notify('murmur_sessions', to_jsonb(old) ->> tg_argv[0]);
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform pg_notify('murmur_sessions', to_jsonb(new) ->> tg_argv[0]);
    end if;
    return null;
end $$;

create trigger access_token_session_changed
    after update of token_hash, account_id, kind, expires_at, revoked_at or delete on access_token
    for each row execute function murmur_session_changed('account_id');

create trigger account_role_session_changed
    after insert or update or delete on account_role
    for each row execute function murmur_session_changed('account_id');

create trigger account_session_changed
    after update of handle or delete on account
    for each row execute function murmur_session_changed('id');
