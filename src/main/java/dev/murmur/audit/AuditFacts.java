package dev.murmur.audit;

import dev.murmur.chain.ChainClient;
import dev.murmur.chain.ContractEvent;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads what an audit of batch N needs from the chain, through {@link ChainClient} only. */
public final class AuditFacts {

    /** Blocks per eth_getLogs call when scanning the contract's history. */
    static final long RANGE = 50_000;

    private AuditFacts() {
    }

    public static BatchAudit.ChainFacts read(ChainClient chain, long n) {
        long head = chain.blockNumber().longValueExact();
        List<ContractEvent> events = new ArrayList<>();
        for (long from = 0; from <= head; from += RANGE) {
            events.addAll(chain.contractEvents(from, Math.min(head, from + RANGE - 1)));
        }
        Optional<ContractEvent.BatchSettled> settled = events.stream()
                .filter(e -> e instanceof ContractEvent.BatchSettled s && s.batchId() == n).map(ContractEvent.BatchSettled.class::cast)
                .findFirst();
        BigInteger previous = BigInteger.ZERO;
        for (long i = n - 1; i >= 1; i--) {
            ChainClient.Batch b = chain.batch(i);
            if (b.exists() && !b.vetoed()) {
                previous = b.cumulativeTotal();
                break;
            }
        }
        String contract = chain.payoutsAddress();
        return new BatchAudit.ChainFacts(chain.chainId().longValueExact(), contract, settled, chain.batch(n), previous,
                chain.tokenBalance(contract), chain.totalClaimed(),
                events.stream().filter(ContractEvent.Claimed.class::isInstance).map(ContractEvent.Claimed.class::cast).toList());
    }
}
