package dev.murmur.chain;

import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;

/**
 * What the web3j parts share: one way to turn web3j's failures into {@link ChainException}s, the
 * node's EIP-1559 fees, and a transaction manager that polls for receipts at the configured pace.
 */
final class Web3jCalls {

    /** Gas for the calls whose cost is small and known (approve, deposit, claim, veto). */
    static final BigInteger DEFAULT_GAS_LIMIT = BigInteger.valueOf(300_000);

    private Web3jCalls() {
    }

    /** A call to the node that may throw anything web3j throws. */
    @FunctionalInterface
    interface Remote<T> {
        T get() throws Exception;
    }

    /** Runs {@code remote}; any failure but a {@link ChainException} becomes one naming {@code what}. */
    static <T> T call(Remote<T> remote, String what) {
        try {
            return remote.get();
        } catch (ChainException e) {
            throw e;
        } catch (Exception e) { // web3j reports an HTTP error status as a RuntimeException
            throw new ChainException(what + " failed: " + e.getMessage(), e);
        }
    }

    static void failOnError(Response<?> response, String what) {
        if (response.hasError()) {
            throw new ChainException(what + " failed: " + response.getError().getMessage());
        }
    }

    static void requireSuccess(TransactionReceipt receipt, String what) {
        if (!receipt.isStatusOK()) {
            throw new ChainException(what + " reverted in " + receipt.getTransactionHash());
        }
    }

    /** EIP-1559 fees from the node: the tip it suggests, and a max fee of twice the base fee plus the tip. */
    record Fees(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {
    }

    static Fees fees(Web3j web3j) {
        try {
            BigInteger tip = web3j.ethMaxPriorityFeePerGas().send().getMaxPriorityFeePerGas();
            EthBlock.Block latest = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
            BigInteger base = latest.getBaseFeePerGas() == null ? BigInteger.ZERO : latest.getBaseFeePerGas();
            return new Fees(base.shiftLeft(1).add(tip), tip);
        } catch (IOException | RuntimeException e) {
            throw new ChainException("fee lookup failed: " + e.getMessage(), e);
        }
    }

    static ContractGasProvider gasProvider(Web3j web3j, long chainId, BigInteger gasLimit) {
        Fees fees = fees(web3j);
        return new StaticEIP1559GasProvider(chainId, fees.maxFeePerGas(), fees.maxPriorityFeePerGas(), gasLimit);
    }

    static PollingTransactionReceiptProcessor receiptProcessor(Web3j web3j, Duration poll, Duration timeout) {
        long sleep = Math.max(10, poll.toMillis());
        int attempts = (int) Math.max(1, timeout.toMillis() / sleep);
        return new PollingTransactionReceiptProcessor(web3j, sleep, attempts);
    }

    static TransactionManager transactionManager(Web3j web3j, Credentials signer, long chainId, Duration poll, Duration timeout) {
        return new RawTransactionManager(web3j, signer, chainId, receiptProcessor(web3j, poll, timeout));
    }
}
