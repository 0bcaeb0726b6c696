package dev.murmur.chain;

import dev.murmur.chain.contract.IERC20;
import dev.murmur.chain.contract.MurmurPayouts;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.DefaultGasProvider;
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
 * in the {@link Credentials} held here; nothing logs it. Its transactions are signed and sent one at a
 * time, under one lock, so two callers never race for a nonce.
 */
final class Web3jSigner implements ChainSigner {

    /** How the signer waits for receipts and how much gas {@code settle} may use. */
    record Pace(Duration pollInterval, Duration receiptTimeout, long settleGasLimit) {
    }

    private final Web3j web3j;
    private final long chainId;
    private final String payouts;
    private final String token;
    private final Credentials key;
    private final Pace pace;
    private final Function<TransactionReceipt, ChainRpc.Receipt> receipts;
    private final RawTransactionManager manager;
    private final ReentrantLock lock = new ReentrantLock();
    /** Encodes calldata only; it never sends, so it needs neither the key nor the node's fees. */
    private final MurmurPayouts encoder;

    Web3jSigner(Web3j web3j, long chainId, String payouts, String token, Credentials key, Pace pace,
                Function<TransactionReceipt, ChainRpc.Receipt> receipts) {
        this.web3j = web3j;
        this.chainId = chainId;
        this.payouts = payouts;
        this.token = token;
        this.key = key;
        this.pace = pace;
        this.receipts = receipts;
        this.manager = key == null ? null
                : (RawTransactionManager) Web3jCalls.transactionManager(web3j, key, chainId, pace.pollInterval(), pace.receiptTimeout());
        this.encoder = MurmurPayouts.load(payouts, web3j, new ReadonlyTransactionManager(web3j, payouts), new DefaultGasProvider());
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
        String data = encoder.settle(BigInteger.valueOf(batchId), Numeric.hexStringToByteArray(root), cumulativeTotal,
                cumulativeEscrow, Numeric.hexStringToByteArray(manifestHash)).encodeFunctionCall();
        Web3jCalls.Fees fees = Web3jCalls.fees(web3j);
        BigInteger maxFee = fees.maxFeePerGas();
        BigInteger tip = fees.maxPriorityFeePerGas();
        if (replacing.isPresent()) {
            // A replacement must raise both fees by at least 10% (geth) / 12.5% (some nodes): take 25%.
            maxFee = maxFee.max(bump(replacing.get().maxFeePerGas()));
            tip = tip.max(bump(replacing.get().maxPriorityFeePerGas()));
        }
        RawTransaction tx = RawTransaction.createTransaction(chainId, BigInteger.valueOf(nonce),
                BigInteger.valueOf(pace.settleGasLimit()), payouts, BigInteger.ZERO, data, tip, maxFee);
        byte[] signed = TransactionEncoder.signMessage(tx, chainId, key);
        return new SignedTransaction(Numeric.toHexString(signed), Numeric.toHexString(Hash.sha3(signed)), nonce, maxFee, tip);
    }

    private static BigInteger bump(BigInteger fee) {
        return fee.multiply(BigInteger.valueOf(5)).divide(BigInteger.valueOf(4)).add(BigInteger.ONE);
    }

    @Override
    public ChainRpc.Receipt sendToPayouts(String calldata) {
        return signed(() -> {
            Web3jCalls.Fees fees = Web3jCalls.fees(web3j);
            var sent = manager.sendEIP1559Transaction(chainId, fees.maxPriorityFeePerGas(), fees.maxFeePerGas(), DEFAULT_GAS_LIMIT,
                    payouts, calldata, BigInteger.ZERO);
            Web3jCalls.failOnError(sent, "eth_sendRawTransaction");
            return Web3jCalls.receiptProcessor(web3j, pace.pollInterval(), pace.receiptTimeout())
                    .waitForTransactionReceipt(sent.getTransactionHash());
        });
    }

    @Override
    public ChainRpc.Receipt deposit(BigInteger amount) {
        return approvedThen(amount, contract -> contract.deposit(amount));
    }

    @Override
    public ChainRpc.Receipt fundRewards(BigInteger amount) {
        return approvedThen(amount, contract -> contract.fundRewards(amount));
    }

    /** Approves the payout contract for {@code amount} of the token, then sends the call that pulls it. */
    private ChainRpc.Receipt approvedThen(BigInteger amount, Function<MurmurPayouts, RemoteFunctionCall<TransactionReceipt>> pull) {
        return signed(() -> {
            ContractGasProvider gas = gas();
            Web3jCalls.requireSuccess(IERC20.load(token, web3j, manager, gas).approve(payouts, amount).send(), "approve");
            return pull.apply(MurmurPayouts.load(payouts, web3j, manager, gas)).send();
        });
    }

    @Override
    public ChainRpc.Receipt transferTokens(String to, BigInteger amount) {
        return signed(() -> IERC20.load(token, web3j, manager, gas()).transfer(to, amount).send());
    }

    @Override
    public ChainRpc.Receipt veto(long batchId) {
        return signed(() -> payouts().veto(BigInteger.valueOf(batchId)).send());
    }

    @Override
    public ChainRpc.Receipt claim(String account, BigInteger cumulativeAmount, List<String> proof) {
        return signed(() -> payouts().claim(account, cumulativeAmount, Web3jPayouts.bytes(proof)).send());
    }

    private MurmurPayouts payouts() {
        return MurmurPayouts.load(payouts, web3j, manager, gas());
    }

    private ContractGasProvider gas() {
        return Web3jCalls.gasProvider(web3j, chainId, DEFAULT_GAS_LIMIT);
    }

    private void requireKey() {
        if (key == null) {
            throw new ChainException("this chain client has no signing key (read only)");
        }
    }

    /**
     * Sends one transaction under the lock and returns its receipt, a reverted one included: web3j throws
     * for a revert it waited for, but the caller wants the receipt and its reason.
     */
    private ChainRpc.Receipt signed(Web3jCalls.Remote<TransactionReceipt> send) {
        requireKey();
        lock.lock();
        try {
            return receipts.apply(send.get());
        } catch (TransactionException e) {
            if (e.getTransactionReceipt().isPresent()) {
                return receipts.apply(e.getTransactionReceipt().get());
            }
            throw new ChainException(e.getMessage(), e);
        } catch (ChainException e) {
            throw e;
        } catch (Exception e) {
            throw new ChainException(e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
