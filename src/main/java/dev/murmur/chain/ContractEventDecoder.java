package dev.murmur.chain;

import dev.murmur.chain.contract.MurmurPayouts;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Turns the payout contract's raw logs into {@link ContractEvent}s; a log of any other event is skipped. */
final class ContractEventDecoder {

    static final String SETTLED = EventEncoder.encode(MurmurPayouts.BATCHSETTLED_EVENT);
    static final String VETOED = EventEncoder.encode(MurmurPayouts.BATCHVETOED_EVENT);
    static final String CLAIMED = EventEncoder.encode(MurmurPayouts.CLAIMED_EVENT);
    static final String DEPOSITED = EventEncoder.encode(MurmurPayouts.DEPOSITED_EVENT);

    /** The topics an {@code eth_getLogs} filter asks for: any of the four. */
    static final List<String> TOPICS = List.of(SETTLED, VETOED, CLAIMED, DEPOSITED);

    private ContractEventDecoder() {
    }

    static Optional<ContractEvent> decode(Log log) {
        if (log.isRemoved() || log.getTopics().isEmpty()) {
            return Optional.empty();
        }
        var at = new ContractEvent.LogPosition(log.getBlockNumber().longValueExact(), log.getBlockHash(), log.getTransactionHash(),
                log.getLogIndex().longValueExact());
        String topic = log.getTopics().getFirst();
        if (topic.equals(SETTLED)) {
            var e = MurmurPayouts.getBatchSettledEventFromLog(log);
            return Optional.of(new ContractEvent.BatchSettled(at, e.batchId.longValueExact(), Numeric.toHexString(e.root),
                    e.cumulativeTotal, Numeric.toHexString(e.manifestHash), e.claimableAt.longValueExact()));
        }
        if (topic.equals(VETOED)) {
            var e = MurmurPayouts.getBatchVetoedEventFromLog(log);
            return Optional.of(new ContractEvent.BatchVetoed(at, e.batchId.longValueExact(), lower(e.auditor)));
        }
        if (topic.equals(CLAIMED)) {
            var e = MurmurPayouts.getClaimedEventFromLog(log);
            return Optional.of(new ContractEvent.Claimed(at, e.batchId.longValueExact(), lower(e.account), e.amount, e.cumulativeClaimed));
        }
        if (topic.equals(DEPOSITED)) {
            var e = MurmurPayouts.getDepositedEventFromLog(log);
            return Optional.of(new ContractEvent.Deposited(at, lower(e.from), e.amount));
        }
        return Optional.empty();
    }

    private static String lower(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
