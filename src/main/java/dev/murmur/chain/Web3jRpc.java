package dev.murmur.chain;

import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;

import static dev.murmur.chain.Web3jCalls.call;
import static dev.murmur.chain.Web3jCalls.failOnError;

/** {@link ChainRpc} over web3j's JSON-RPC client. */
final class Web3jRpc implements ChainRpc {

    private final Web3j web3j;
    private final long chainId;

    Web3jRpc(Web3j web3j, long chainId) {
        this.web3j = web3j;
        this.chainId = chainId;
    }

    @Override
    public BigInteger chainId() {
        return BigInteger.valueOf(chainId);
    }

    @Override
    public BigInteger blockNumber() {
        return call(() -> web3j.ethBlockNumber().send().getBlockNumber(), "eth_blockNumber");
    }

    @Override
    public long latestBlockTimestamp() {
        return call(() -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp()
                .longValueExact(), "eth_getBlockByNumber");
    }

    @Override
    public long blockTimestamp(long blockNumber) {
        EthBlock.Block block = block(blockNumber).orElseThrow(() -> new ChainException("block " + blockNumber + " is past the head"));
        return block.getTimestamp().longValueExact();
    }

    @Override
    public Optional<String> blockHash(long blockNumber) {
        return block(blockNumber).map(EthBlock.Block::getHash);
    }

    private Optional<EthBlock.Block> block(long blockNumber) {
        EthBlock block = call(() -> web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(blockNumber)), false).send(),
                "eth_getBlockByNumber");
        failOnError(block, "eth_getBlockByNumber");
        return Optional.ofNullable(block.getBlock());
    }

    @Override
    public boolean hasCode(String address) {
        String code = call(() -> web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode(), "eth_getCode");
        return code != null && code.length() > 2;
    }

    @Override
    public SendResult sendRaw(String raw) {
        EthSendTransaction sent = call(() -> web3j.ethSendRawTransaction(raw).send(), "eth_sendRawTransaction");
        if (!sent.hasError()) {
            return SendResult.ACCEPTED;
        }
        String message = sent.getError().getMessage().toLowerCase(Locale.ROOT);
        if (message.contains("already known") || message.contains("already imported") || message.contains("known transaction")) {
            return SendResult.ALREADY_KNOWN;
        }
        if (message.contains("nonce too low") || message.contains("nonce has already been used")) {
            return SendResult.NONCE_USED;
        }
        throw new ChainException("eth_sendRawTransaction refused: " + sent.getError().getMessage());
    }

    @Override
    public boolean knowsTransaction(String hash) {
        return call(() -> web3j.ethGetTransactionByHash(hash).send().getTransaction().isPresent(), "eth_getTransactionByHash");
    }

    @Override
    public Optional<Receipt> receipt(String transactionHash) {
        Optional<TransactionReceipt> found = call(() -> web3j.ethGetTransactionReceipt(transactionHash).send().getTransactionReceipt(),
                "eth_getTransactionReceipt");
        return found.map(this::toReceipt);
    }

    /** A web3j receipt as Murmur reads it, with the custom error named when it failed. */
    Receipt toReceipt(TransactionReceipt r) {
        String reason = r.isStatusOK() ? null : RevertReasons.of(web3j, r);
        return new Receipt(r.getTransactionHash(), r.isStatusOK(), r.getBlockNumber().longValueExact(), r.getGasUsed().longValueExact(), reason);
    }
}
