package dev.murmur.chain;

import dev.murmur.chain.contract.IERC20;
import dev.murmur.chain.contract.MurmurPayouts;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static dev.murmur.chain.Web3jCalls.call;

/**
 * {@link PayoutsContract} over web3j: the generated {@code MurmurPayouts} wrapper for the contract,
 * and the plain ERC-20 one ({@code IERC20}) for the token, whichever token it is. Reads only; the
 * wrappers here never sign.
 */
final class Web3jPayouts implements PayoutsContract {

    private static final String NO_SENDER = "0x0000000000000000000000000000000000000000";

    private final Web3j web3j;
    private final String payouts;
    private final MurmurPayouts contract;
    private final String token;
    private final IERC20 erc20;

    Web3jPayouts(Web3j web3j, String payoutsAddress) {
        this.web3j = web3j;
        this.payouts = Numeric.prependHexPrefix(Numeric.cleanHexPrefix(payoutsAddress).toLowerCase(Locale.ROOT));
        this.contract = load(web3j, payouts);
        this.token = call(() -> contract.token().send(), "token()");
        this.erc20 = IERC20.load(token, web3j, new ReadonlyTransactionManager(web3j, NO_SENDER), new DefaultGasProvider());
    }

    /** A read-only wrapper: calls go out as {@code eth_call}s, and nothing it holds can sign. */
    private static MurmurPayouts load(Web3j web3j, String payouts) {
        return MurmurPayouts.load(payouts, web3j, new ReadonlyTransactionManager(web3j, NO_SENDER), new DefaultGasProvider());
    }

    @Override
    public String payoutsAddress() {
        return payouts;
    }

    @Override
    public String tokenAddress() {
        return token;
    }

    @Override
    public Batch batch(long batchId) {
        return batch(contract, batchId, "batches(" + batchId + ")");
    }

    @Override
    public Batch batchAt(long batchId, long blockNumber) {
        // A wrapper of its own: the default block parameter is per instance, and the shared one reads latest.
        MurmurPayouts atBlock = load(web3j, payouts);
        atBlock.setDefaultBlockParameter(DefaultBlockParameter.valueOf(BigInteger.valueOf(blockNumber)));
        return batch(atBlock, batchId, "batches(" + batchId + ") at block " + blockNumber);
    }

    private static Batch batch(MurmurPayouts from, long batchId, String what) {
        var t = call(() -> from.batches(BigInteger.valueOf(batchId)).send(), what);
        return new Batch(batchId, Numeric.toHexString(t.component1()), t.component2(), t.component3().longValueExact(),
                t.component4().longValueExact(), t.component5());
    }

    @Override
    public long lastBatchId() {
        return call(() -> contract.lastBatchId().send().longValueExact(), "lastBatchId()");
    }

    @Override
    public long latestClaimableBatchId() {
        return call(() -> contract.latestClaimableBatchId().send().longValueExact(), "latestClaimableBatchId()");
    }

    @Override
    public BigInteger settledCumulativeTotal() {
        return call(() -> contract.settledCumulativeTotal().send(), "settledCumulativeTotal()");
    }

    @Override
    public BigInteger rewardFunded() {
        return call(() -> contract.rewardFunded().send(), "rewardFunded()");
    }

    @Override
    public BigInteger escrowDeposited() {
        return call(() -> contract.escrowDeposited().send(), "escrowDeposited()");
    }

    @Override
    public BigInteger claimed(String account) {
        return call(() -> contract.claimed(account).send(), "claimed");
    }

    @Override
    public BigInteger totalClaimed() {
        return call(() -> contract.totalClaimed().send(), "totalClaimed()");
    }

    @Override
    public BigInteger claimable(String account, BigInteger cumulativeAmount, List<String> proof) {
        return call(() -> contract.claimable(account, cumulativeAmount, bytes(proof)).send(), "claimable");
    }

    @Override
    public BigInteger tokenBalance(String account) {
        return call(() -> erc20.balanceOf(account).send(), "balanceOf");
    }

    @Override
    public List<ContractEvent> contractEvents(long fromBlock, long toBlock) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)), payouts);
        filter.addOptionalTopics(ContractEventDecoder.TOPICS.toArray(String[]::new));
        EthLog logs;
        try {
            logs = web3j.ethGetLogs(filter).send();
        } catch (InterruptedIOException e) { // a read timeout: the range took the provider too long
            throw new LogRangeRefusedException("eth_getLogs " + fromBlock + ".." + toBlock + " timed out: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new ChainException("eth_getLogs failed: " + e.getMessage(), e);
        }
        if (logs.hasError()) { // providers cap ranges by blocks or results, each in its own words
            throw new LogRangeRefusedException("eth_getLogs " + fromBlock + ".." + toBlock + " refused: " + logs.getError().getMessage());
        }
        List<ContractEvent> events = new ArrayList<>();
        for (EthLog.LogResult<?> result : logs.getLogs()) {
            ContractEventDecoder.decode((Log) result.get()).ifPresent(events::add);
        }
        events.sort(Comparator.comparingLong((ContractEvent e) -> e.at().blockNumber()).thenComparingLong(e -> e.at().logIndex()));
        return events;
    }

    @Override
    public String claimCalldata(String account, BigInteger cumulativeAmount, List<String> proof) {
        return contract.claim(account, cumulativeAmount, bytes(proof)).encodeFunctionCall();
    }

    @Override
    public String vetoCalldata(long batchId) {
        return contract.veto(BigInteger.valueOf(batchId)).encodeFunctionCall();
    }

    // The calldata a signer sends (Web3jSigner): encoded here, by the read-only wrappers, so the signer
    // has one way to send and no contract wrapper of its own.

    String settleCalldata(long batchId, String root, BigInteger cumulativeTotal, BigInteger cumulativeEscrow, String manifestHash) {
        return contract.settle(BigInteger.valueOf(batchId), Numeric.hexStringToByteArray(root), cumulativeTotal, cumulativeEscrow,
                Numeric.hexStringToByteArray(manifestHash)).encodeFunctionCall();
    }

    String depositCalldata(BigInteger amount) {
        return contract.deposit(amount).encodeFunctionCall();
    }

    String fundRewardsCalldata(BigInteger amount) {
        return contract.fundRewards(amount).encodeFunctionCall();
    }

    /** The token's {@code approve(payouts, amount)}, sent to {@link #tokenAddress()}. */
    String approveCalldata(BigInteger amount) {
        return erc20.approve(payouts, amount).encodeFunctionCall();
    }

    /** The token's {@code transfer(to, amount)}, sent to {@link #tokenAddress()}. */
    String transferCalldata(String to, BigInteger amount) {
        return erc20.transfer(to, amount).encodeFunctionCall();
    }

    private static List<byte[]> bytes(List<String> proof) {
        return proof.stream().map(Numeric::hexStringToByteArray).toList();
    }
}
