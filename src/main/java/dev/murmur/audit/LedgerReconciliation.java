package dev.murmur.audit;

/**
 * The ledger's side of an audit: each account's cumulative entitlement on one contract through chain
 * batch N, from the journal alone. That is every {@code SETTLEMENT_POSTED} amount to
 * each creator's {@code CREATOR_SETTLED} account of the FINAL batches on the contract up to N, plus, while N itself is not
 * final yet, its {@code SETTLEMENT_PENDING} amounts. Claims move money from settled to claimed in
 * entries of their own, so they do not change it. Parameters: contract, N, contract, N.
 */
public final class LedgerReconciliation {

    public static final String SQL = """
            select p.owner_id as account, sum(p.amount) as cumulative
            from journal_posting p
            join journal_entry e on e.id = p.entry_id
            join settlement_batch b on b.id = (e.reason ->> 'batch')::bigint
            where p.unit = 'TOKEN' and p.amount > 0 and (
                   (e.kind = 'SETTLEMENT_POSTED' and p.account_kind = 'CREATOR_SETTLED'
                    and b.contract = ? and b.chain_batch_id <= ? and b.status = 'FINAL')
                or (e.kind = 'SETTLEMENT_PENDING' and p.account_kind = 'CREATOR_PENDING'
                    and b.contract = ? and b.chain_batch_id = ? and b.status in ('SUBMITTED', 'CONFIRMED')))
            group by p.owner_id""";

    private LedgerReconciliation() {
    }
}
