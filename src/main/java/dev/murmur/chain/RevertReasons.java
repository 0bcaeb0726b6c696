package dev.murmur.chain;

import dev.murmur.chain.contract.IERC20Errors;
import dev.murmur.chain.contract.MurmurPayouts;
import org.web3j.abi.CustomErrorEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.CustomError;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Names a failed transaction's custom error, as {@code BatchOutOfOrder(7, 5)}: the payout contract's
 * errors and the standard ERC-20 ones (ERC-6093), whichever token pays out.
 */
final class RevertReasons {

    private static final Map<String, CustomError> BY_SELECTOR = errorsBySelector();

    private RevertReasons() {
    }

    /** Replays a failed transaction as a call on the state before its block and decodes the custom error. */
    static String of(Web3j web3j, TransactionReceipt r) {
        try {
            var tx = web3j.ethGetTransactionByHash(r.getTransactionHash()).send().getTransaction();
            if (tx.isEmpty()) {
                return "reverted";
            }
            EthCall result = web3j.ethCall(Transaction.createEthCallTransaction(tx.get().getFrom(), tx.get().getTo(), tx.get().getInput()),
                    DefaultBlockParameter.valueOf(r.getBlockNumber().subtract(BigInteger.ONE))).send();
            String data = result.getError() != null && result.getError().getData() != null
                    ? String.valueOf(result.getError().getData()).replace("\"", "") : result.getRevertReason();
            return decode(data);
        } catch (IOException | RuntimeException e) {
            return "reverted (reason unavailable: " + e.getMessage() + ")";
        }
    }

    /** The error a revert's data names, with its arguments; the raw data when no known error matches. */
    static String decode(String data) {
        if (data == null || !data.startsWith("0x") || data.length() < 10) {
            return data == null ? "reverted" : data;
        }
        CustomError error = BY_SELECTOR.get(data.substring(0, 10).toLowerCase(Locale.ROOT));
        if (error == null) {
            return "reverted with " + data;
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Type> args = FunctionReturnDecoder.decode("0x" + data.substring(10), (List) error.getParameters());
        return error.getName() + args.stream().map(a -> a.getValue() instanceof byte[] b ? Numeric.toHexString(b) : String.valueOf(a.getValue()))
                .toList().toString().replace('[', '(').replace(']', ')');
    }

    private static Map<String, CustomError> errorsBySelector() {
        Map<String, CustomError> errors = new HashMap<>();
        for (Class<?> type : List.of(MurmurPayouts.class, IERC20Errors.class)) {
            for (Field f : type.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == CustomError.class) {
                    try {
                        CustomError e = (CustomError) f.get(null);
                        errors.put(CustomErrorEncoder.encode(e).substring(0, 10).toLowerCase(Locale.ROOT), e);
                    } catch (IllegalAccessException ex) {
                        throw new IllegalStateException(ex);
                    }
                }
            }
        }
        return errors;
    }
}
