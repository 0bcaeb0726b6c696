-- Credit lines reference their journal entry and reward period without foreign keys
-- (docs/decisions/0104-credit-lines-without-foreign-keys.md).
--
-- PostgreSQL checks a foreign key with a trigger per inserted row, each a lookup of the referenced
-- row under a share lock. The payout worker writes one line per engagement event, all of a batch
-- pointing at the same entry and period, and the two checks cost about as much as the rest of the
-- insert (heap, primary key and three indexes) together. The ledger is the only writer of lines
-- and writes them right after their entry, under the open period's lock; the reliability tests
-- check after each run that every line's entry and period exist and agree (PipelineProbe).
alter table journal_credit_line
    drop constraint journal_credit_line_entry_id_fkey,
    drop constraint journal_credit_line_period_id_fkey;
