package dev.murmur.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * What one signing key does on the payout contract. A client holds at most one key, for one role
 * (decision 0612): the settler's is the operator's ({@code settle}, and on dev chains the faucet and
 * the reward pool); the auditor's CLI's is the auditor's ({@code veto}). A client without a key (API
 * processes, audits) refuses every method here with a {@link ChainException}.
 */
public interface ChainSigner {

    /** The signing key's address (in the settler: the operator, the signer of {@code settle}); null for a read-only client. */
    String operatorAddress();

    /** A signed transaction that has not necessarily been broadcast. {@code raw} is what {@link ChainRpc#sendRaw} takes. */
    record SignedTransaction(String raw, String hash, long nonce, BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {
    }

    /** The signer's next nonce, counting transactions the node holds in its pool. */
    long pendingNonce();

    /**
     * Signs (does not send) {@code settle(batchId, root, cumulativeTotal, cumulativeEscrow, manifestHash)} from
     * the operator key at {@code nonce}, with EIP-1559 fees from the node, each at least {@code minFees} (if
     * given) plus the 12.5% a node requires to replace a transaction at the same nonce. {@code cumulativeEscrow}
     * is the part of the total that reader deposits back (tips and withdrawals); the contract checks the rest
     * against the reward pool alone.
     */
    SignedTransaction signSettle(long batchId, String root, BigInteger cumulativeTotal, BigInteger cumulativeEscrow,
                                 String manifestHash, long nonce, Optional<SignedTransaction> replacing);

    /** Sends {@code calldata} to the payout contract from the signing key and waits for the receipt. */
    ChainRpc.Receipt sendToPayouts(String calldata);

    // Each of the following waits for its receipt.

    /** Approves and deposits {@code amount} from the signing key into the payout contract's reader escrow. */
    ChainRpc.Receipt deposit(BigInteger amount);

    /** Approves and adds {@code amount} from the signing key to the payout contract's reward pool. */
    ChainRpc.Receipt fundRewards(BigInteger amount);

    /** Sends {@code amount} of the payout token from the signing key to {@code to} (dev chains: the demo's faucet). */
    ChainRpc.Receipt transferTokens(String to, BigInteger amount);

    /**
     * Vetoes a batch from this client's signing key. Murmur's servers never call it: only the auditor's
     * own CLI ({@code ./murmur audit veto}), whose client signs with the auditor's key (decision 0612).
     */
    ChainRpc.Receipt veto(long batchId);

    /** Claims for {@code account} from the signing key (anyone may claim for anyone). */
    ChainRpc.Receipt claim(String account, BigInteger cumulativeAmount, List<String> proof);
}
