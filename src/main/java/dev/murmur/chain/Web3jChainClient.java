package dev.murmur.chain;

import io.micrometer.core.instrument.Metrics;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one {@link ChainClient}: the three web3j parts ({@link Web3jRpc}, {@link Web3jPayouts},
 * {@link Web3jSigner}) over one JSON-RPC connection, with at most one signing key. In Murmur's settler
 * the key is the operator's; in the auditor's CLI ({@code ./murmur audit veto}) it is the auditor's own;
 * without one the client only reads (API processes, audits). One client never holds two keys
 * (decision 0612). Every call goes through one {@link GuardedRpcTransport} (timers, a limit on calls in
 * flight, retries of reads). This class only builds the parts and hands each call to the one that answers it.
 */
public class Web3jChainClient implements ChainClient, AutoCloseable {

    /**
     * What the client needs. {@link #toString()} leaves the key out. {@code signingKey} signs every
     * transaction this client sends; without it (null) the client only reads.
     */
    public record Settings(String rpcUrl, String payoutsAddress, String signingKey,
                           Duration pollInterval, Duration receiptTimeout, long settleGasLimit, GuardedRpcTransport.Limits limits) {
        public Settings {
            Objects.requireNonNull(rpcUrl, "rpcUrl");
            Objects.requireNonNull(payoutsAddress, "payoutsAddress");
            Objects.requireNonNull(limits, "limits");
        }

        /** Settings with the default retry and concurrency limits (tools and tests). */
        public Settings(String rpcUrl, String payoutsAddress, String signingKey, Duration pollInterval, Duration receiptTimeout,
                        long settleGasLimit) {
            this(rpcUrl, payoutsAddress, signingKey, pollInterval, receiptTimeout, settleGasLimit, GuardedRpcTransport.Limits.DEFAULT);
        }

        @Override
        public String toString() {
            return "Settings[rpcUrl=" + rpcUrl + ", payouts=" + payoutsAddress + "]";
        }
    }

    private final Web3j web3j;
    private final Web3jRpc rpc;
    private final Web3jPayouts payouts;
    private final Web3jSigner signer;

    public Web3jChainClient(Settings settings) {
        this.web3j = Web3j.build(new GuardedRpcTransport(new HttpService(settings.rpcUrl()), settings.limits(), Metrics.globalRegistry));
        try {
            long chainId = web3j.ethChainId().send().getChainId().longValueExact();
            this.rpc = new Web3jRpc(web3j, chainId);
            this.payouts = new Web3jPayouts(web3j, settings.payoutsAddress());
            Credentials key = settings.signingKey() == null ? null : Credentials.create(settings.signingKey());
            this.signer = new Web3jSigner(web3j, chainId, payouts, key,
                    new Web3jSigner.Pace(settings.pollInterval(), settings.receiptTimeout(), settings.settleGasLimit()), rpc::toReceipt);
        } catch (IOException | RuntimeException e) { // web3j reports an HTTP error status as a RuntimeException
            web3j.shutdown();
            throw e instanceof ChainException c ? c
                    : new ChainException("eth_chainId failed at " + settings.rpcUrl() + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ the node

    @Override public BigInteger chainId() { return rpc.chainId(); }
    @Override public BigInteger blockNumber() { return rpc.blockNumber(); }
    @Override public long latestBlockTimestamp() { return rpc.latestBlockTimestamp(); }
    @Override public long blockTimestamp(long blockNumber) { return rpc.blockTimestamp(blockNumber); }
    @Override public Optional<String> blockHash(long blockNumber) { return rpc.blockHash(blockNumber); }
    @Override public boolean hasCode(String address) { return rpc.hasCode(address); }
    @Override public SendResult sendRaw(String raw) { return rpc.sendRaw(raw); }
    @Override public boolean knowsTransaction(String hash) { return rpc.knowsTransaction(hash); }
    @Override public Optional<Receipt> receipt(String transactionHash) { return rpc.receipt(transactionHash); }

    // ------------------------------------------------------------------ the payout contract, read

    @Override public String payoutsAddress() { return payouts.payoutsAddress(); }
    @Override public String tokenAddress() { return payouts.tokenAddress(); }
    @Override public Batch batch(long batchId) { return payouts.batch(batchId); }
    @Override public Batch batchAt(long batchId, long blockNumber) { return payouts.batchAt(batchId, blockNumber); }
    @Override public long lastBatchId() { return payouts.lastBatchId(); }
    @Override public long latestClaimableBatchId() { return payouts.latestClaimableBatchId(); }
    @Override public BigInteger settledCumulativeTotal() { return payouts.settledCumulativeTotal(); }
    @Override public BigInteger rewardFunded() { return payouts.rewardFunded(); }
    @Override public BigInteger escrowDeposited() { return payouts.escrowDeposited(); }
    @Override public BigInteger claimed(String account) { return payouts.claimed(account); }
    @Override public BigInteger totalClaimed() { return payouts.totalClaimed(); }
    @Override public BigInteger tokenBalance(String account) { return payouts.tokenBalance(account); }
    @Override public List<ContractEvent> contractEvents(long fromBlock, long toBlock) { return payouts.contractEvents(fromBlock, toBlock); }
    @Override public String claimCalldata(String account, BigInteger cumulativeAmount, List<String> proof) {
        return payouts.claimCalldata(account, cumulativeAmount, proof);
    }
    @Override public String vetoCalldata(long batchId) { return payouts.vetoCalldata(batchId); }
    @Override public BigInteger claimable(String account, BigInteger cumulativeAmount, List<String> proof) {
        return payouts.claimable(account, cumulativeAmount, proof);
    }

    // ------------------------------------------------------------------ the one signing key

    @Override public String operatorAddress() { return signer.operatorAddress(); }
    @Override public long pendingNonce() { return signer.pendingNonce(); }
    @Override public SignedTransaction signSettle(long batchId, String root, BigInteger cumulativeTotal, BigInteger cumulativeEscrow,
                                                  String manifestHash, long nonce, Optional<SignedTransaction> replacing) {
        return signer.signSettle(batchId, root, cumulativeTotal, cumulativeEscrow, manifestHash, nonce, replacing);
    }
    @Override public Receipt sendToPayouts(String calldata) { return signer.sendToPayouts(calldata); }
    @Override public Receipt deposit(BigInteger amount) { return signer.deposit(amount); }
    @Override public Receipt fundRewards(BigInteger amount) { return signer.fundRewards(amount); }
    @Override public Receipt transferTokens(String to, BigInteger amount) { return signer.transferTokens(to, amount); }
    @Override public Receipt veto(long batchId) { return signer.veto(batchId); }
    @Override public Receipt claim(String account, BigInteger cumulativeAmount, List<String> proof) {
        return signer.claim(account, cumulativeAmount, proof);
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
