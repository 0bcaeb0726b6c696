-- The part of a batch's cumulative total that reader deposits back (tips and withdrawals). The payout
-- contract checks the rest against its reward pool alone (issue 12, decision 0621); it is computed once
-- when the batch is created, so every signature of the batch's settle carries the same value.
alter table settlement_batch add column cumulative_escrow bigint not null default 0 check (cumulative_escrow >= 0);
