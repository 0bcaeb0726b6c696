package dev.murmur.chain;

import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import static dev.murmur.chain.Web3jCalls.DEFAULT_GAS_LIMIT;
import static dev.murmur.chain.Web3jCalls.call;

/**
 * {@link ChainSigner} over web3j with one key, or none (then every method refuses). The key lives only
 * in the {@link Credentials} held here; nothing logs it. Every transaction goes out one way
 * ({@link #send}): calldata from {@link Web3jPayouts}, EIP-1559 fees from the node, signed and sent
 * under one lock so two callers never race for a nonce, and its receipt awaited, a reverted one included.
 */
final class Web3jSigner implements ChainSigner {

    /** How the signer waits for receipts and how much gas {@code settle} may use. */
    record Pace(Duration pollInterval, Duration receiptTimeout, long settleGasLimit) {
    }

    private final Web3j web3j;
    private final long chainId;
    private final Web3jPayouts calls;
    private final Credentials key;
    private final Pace pace;
    private final Function<TransactionReceipt, ChainRpc.Receipt> receipts;
    private final RawTransactionManager manager;
    private final ReentrantLock lock = new ReentrantLock();

    Web3jSigner(Web3j web3j, long chainId, Web3jPayouts calls, Credentials key, Pace pace,
                Function<TransactionReceipt, ChainRpc.Receipt> receipts) {
        this.web3j = web3j;
        this.chainId = chainId;
        this.calls = calls;
        this.key = key;
        this.pace = pace;
        this.receipts = receipts;
        this.manager = key == null ? null
                : (RawTransactionManager) Web3jCalls.transactionManager(web3j, key, chainId, pace.pollInterval(), pace.receiptTimeout());
    }

    @Override
    public String operatorAddress() {
        return key == null ? null : key.getAddress();
    }

    @Override
    public long pendingNonce() {
        requireKey();
        return call(() -> web3j.ethGetTransactionCount(key.getAddress(), DefaultBlockParameterName.PENDING).send()
                .getTransactionCount().longValueExact(), "eth_getTransactionCount");
    }

    @Override
    public SignedTransaction signSettle(long batchId, String root, BigInteger cumulativeTotal, BigInteger cumulativeEscrow,
                                        String manifestHash, long nonce, Optional<SignedTransaction> replacing) {
        requireKey();
        String data = calls.settleCalldata(batchId, root, cumulativeTotal, cumulativeEscrow, manifestHash);
        Web3jCalls.Fees fees = Web3jCalls.fees(web3j);
        BigInteger maxFee = fees.maxFeePerGas();
        BigInteger tip = fees.maxPriorityFeePerGas();
        if (replacing.isPresent()) {
            // A replacement must raise both fees by at least 10% (geth) / 12.5% (some nodes): take 25%.
            maxFee = maxFee.max(bump(replacing.get().maxFeePerGas()));
            tip = tip.max(bump(replacing.get().maxPriorityFeePerGas()));
        }
        RawTransaction tx = RawTransaction.createTransaction(chainId, BigInteger.valueOf(nonce),
                BigInteger.valueOf(pace.settleGasLimit()), calls.payoutsAddress(), BigInteger.ZERO, data, tip, maxFee);
        byte[] signed = TransactionEncoder.signMessage(tx, chainId, key);
        return new SignedTransaction(Numeric.toHexString(signed), Numeric.toHexString(Hash.sha3(signed)), nonce, maxFee, tip);
    }

    private static BigInteger bump(BigInteger fee) {
        return fee.multiply(BigInteger.valueOf(5)).divide(BigInteger.valueOf(4)).add(BigInteger.ONE);
    }

    @Override
    public ChainRpc.Receipt sendToPayouts(String calldata) {
        return send(calls.payoutsAddress(), calldata);
    }

    @Override
    public ChainRpc.Receipt deposit(BigInteger amount) {
        return approvedThen(amount, calls.depositCalldata(amount));
    }

    @Override
    public ChainRpc.Receipt fundRewards(BigInteger amount) {
        return approvedThen(amount, calls.fundRewardsCalldata(amount));
    }

    /** Approves the payout contract for {@code amount} of the token, then sends the call that pulls it. */
    private ChainRpc.Receipt approvedThen(BigInteger amount, String pull) {
        lock.lock(); // both transactions, so another caller's cannot come between them
        try {
            ChainRpc.Receipt approved = send(calls.tokenAddress(), calls.approveCalldata(amount));
            if (!approved.success()) {
                throw new ChainException("approve reverted in " + approved.transactionHash() + ": " + approved.revertReason());
            }
            return sendToPayouts(pull);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ChainRpc.Receipt transferTokens(String to, BigInteger amount) {
        return send(calls.tokenAddress(), calls.transferCalldata(to, amount));
    }

    @Override
    public ChainRpc.Receipt veto(long batchId) {
        return sendToPayouts(calls.vetoCalldata(batchId));
    }

    @Override
    public ChainRpc.Receipt claim(String account, BigInteger cumulativeAmount, List<String> proof) {
        return sendToPayouts(calls.claimCalldata(account, cumulativeAmount, proof));
    }

    private void requireKey() {
        if (key == null) {
            throw new ChainException("this chain client has no signing key (read only)");
        }
    }

    /** Signs and sends {@code calldata} to {@code to} under the lock, and waits for its receipt. */
    private ChainRpc.Receipt send(String to, String calldata) {
        requireKey();
        lock.lock();
        try {
            Web3jCalls.Fees fees = Web3jCalls.fees(web3j);
            var sent = manager.sendEIP1559Transaction(chainId, fees.maxPriorityFeePerGas(), fees.maxFeePerGas(), DEFAULT_GAS_LIMIT,
                    to, calldata, BigInteger.ZERO);
            Web3jCalls.failOnError(sent, "eth_sendRawTransaction");
            return receipts.apply(Web3jCalls.receiptProcessor(web3j, pace.pollInterval(), pace.receiptTimeout())
                    .waitForTransactionReceipt(sent.getTransactionHash()));
        } catch (ChainException e) {
            throw e;
        } catch (Exception e) { // IOException, or TransactionException when no receipt came in time
            throw new ChainException(e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
