-- A batch may carry only tips and withdrawals, before any reward period has closed: it then covers
-- no period (periods_through is null) and its ledger entries count in the period it happens in.
alter table settlement_batch alter column periods_through drop not null;
