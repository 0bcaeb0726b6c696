package dev.murmur.chain;

import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;

import java.math.BigInteger;
import java.util.List;

/**
 * Calldata of the calls users send from their own wallets. Pure: the same encoding the generated
 * wrappers use ({@code FunctionEncoder}), without a web3j connection or a key. The parameter types
 * must be the contract's ({@code CalldataTest} compares with the wrappers, so a contract change fails it).
 */
public final class Calldata {

    private Calldata() {
    }

    /** ERC-20 {@code approve(spender, amount)}: lets the payout contract pull a reader's deposit. */
    public static String approve(String spender, BigInteger amount) {
        return FunctionEncoder.encode(new Function("approve", List.of(new Address(spender), new Uint256(amount)), List.of()));
    }

    /** MurmurPayouts {@code deposit(amount)}: pulls the approved tokens and emits {@code Deposited}. */
    public static String deposit(BigInteger amount) {
        return FunctionEncoder.encode(new Function("deposit", List.of(new Uint256(amount)), List.of()));
    }

    /** MurmurPayouts {@code veto(uint64 batchId)}: auditor role only, inside the batch's challenge window. */
    public static String veto(long batchId) {
        return FunctionEncoder.encode(new Function("veto", List.of(new Uint64(BigInteger.valueOf(batchId))), List.of()));
    }
}
