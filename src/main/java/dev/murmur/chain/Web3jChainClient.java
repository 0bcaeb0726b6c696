package dev.murmur.chain;

import dev.murmur.chain.contract.MurmurPayouts;
import dev.murmur.chain.contract.MurmurTestToken;
import org.web3j.abi.CustomErrorEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.CustomError;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one {@link ChainClient}: web3j over JSON-RPC, with at most one signing key, EIP-1559 fees and
 * receipt polling tuned by configuration. In Murmur's settler the key is the operator's; in the
 * auditor's CLI ({@code ./murmur audit veto}) it is the auditor's own; without one the client only
 * reads (API processes, audits). One client never holds two keys (decision 0612). The key lives only
 * in the {@link Credentials} held here; nothing logs it.
 *
 * <p>Over 350 lines because it still implements the whole 29-method {@link ChainClient}; issue 16 §1
 * narrows that port (RPC, payouts contract, signer per role, decorators), which will split this class.
 */
public class Web3jChainClient implements ChainClient, AutoCloseable {

    /**
     * What the client needs. {@link #toString()} leaves the key out. {@code signingKey} signs every
     * transaction this client sends; without it (null) the client only reads.
     */
    public record Settings(String rpcUrl, String payoutsAddress, String signingKey,
                           Duration pollInterval, Duration receiptTimeout, long settleGasLimit) {
        public Settings {
            Objects.requireNonNull(rpcUrl, "rpcUrl");
            Objects.requireNonNull(payoutsAddress, "payoutsAddress");
        }

        @Override
        public String toString() {
            return "Settings[rpcUrl=" + rpcUrl + ", payouts=" + payoutsAddress + "]";
        }
    }

    private static final BigInteger DEFAULT_GAS_LIMIT = BigInteger.valueOf(300_000);
    private static final Map<String, CustomError> ERRORS = errorsBySelector();

    private final Web3j web3j;
    private final Settings settings;
    private final long chainId;
    private final Credentials operator;
    private final String token;
    /** One manager and one lock for the signer: its transactions are signed and sent one at a time. */
    private final TransactionManager operatorManager;
    private final ReentrantLock operatorLock = new ReentrantLock();
    private final MurmurPayouts reader;

    public Web3jChainClient(Settings settings) {
        this.settings = settings;
        this.web3j = Web3j.build(new HttpService(settings.rpcUrl()));
        this.operator = settings.signingKey() == null ? null : Credentials.create(settings.signingKey());
        try {
            this.chainId = web3j.ethChainId().send().getChainId().longValueExact();
        } catch (IOException | RuntimeException e) { // web3j reports an HTTP error status as a RuntimeException
            web3j.shutdown();
            throw new ChainException("eth_chainId failed at " + settings.rpcUrl() + ": " + e.getMessage(), e);
        }
        this.operatorManager = operator == null ? new org.web3j.tx.ReadonlyTransactionManager(web3j, "0x0000000000000000000000000000000000000000")
                : transactionManager(web3j, operator, chainId, settings.pollInterval(), settings.receiptTimeout());
        this.reader = MurmurPayouts.load(settings.payoutsAddress(), web3j, operatorManager, gasProvider(web3j, chainId, DEFAULT_GAS_LIMIT));
        this.token = call(() -> reader.token().send(), "token()");
    }

    static TransactionManager transactionManager(Web3j web3j, Credentials signer, long chainId, Duration poll, Duration timeout) {
        long sleep = Math.max(10, poll.toMillis());
        int attempts = (int) Math.max(1, timeout.toMillis() / sleep);
        return new RawTransactionManager(web3j, signer, chainId, new PollingTransactionReceiptProcessor(web3j, sleep, attempts));
    }

    /** EIP-1559 fees from the node: the tip it suggests, and a max fee of twice the base fee plus the tip. */
    static ContractGasProvider gasProvider(Web3j web3j, long chainId, BigInteger gasLimit) {
        BigInteger[] fees = fees(web3j);
        return new StaticEIP1559GasProvider(chainId, fees[0], fees[1], gasLimit);
    }

    /** {maxFeePerGas, maxPriorityFeePerGas}. */
    private static BigInteger[] fees(Web3j web3j) {
        try {
            BigInteger tip = web3j.ethMaxPriorityFeePerGas().send().getMaxPriorityFeePerGas();
            EthBlock.Block latest = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
            BigInteger base = latest.getBaseFeePerGas() == null ? BigInteger.ZERO : latest.getBaseFeePerGas();
            return new BigInteger[] {base.shiftLeft(1).add(tip), tip};
        } catch (IOException | RuntimeException e) { // web3j reports an HTTP error status as a RuntimeException
            throw new ChainException("fee lookup failed: " + e.getMessage(), e);
        }
    }

    static void requireSuccess(TransactionReceipt receipt, String what) {
        if (!receipt.isStatusOK()) {
            throw new ChainException(what + " reverted in " + receipt.getTransactionHash());
        }
    }

    // ------------------------------------------------------------------ basics

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
        return call(() -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock()
                .getTimestamp().longValueExact(), "eth_getBlockByNumber");
    }

    @Override
    public String payoutsAddress() {
        return Numeric.prependHexPrefix(settings.payoutsAddress().toLowerCase(Locale.ROOT).substring(2));
    }

    @Override
    public String operatorAddress() {
        return operator == null ? null : operator.getAddress();
    }

    @Override
    public boolean hasCode(String address) {
        String code = call(() -> web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode(), "eth_getCode");
        return code != null && code.length() > 2;
    }

    // ------------------------------------------------------------------ settle

    @Override
    public long pendingNonce() {
        requireSigner();
        return call(() -> web3j.ethGetTransactionCount(operator.getAddress(), DefaultBlockParameterName.PENDING).send()
                .getTransactionCount().longValueExact(), "eth_getTransactionCount");
    }

    @Override
    public SignedTransaction signSettle(long batchId, String root, BigInteger cumulativeTotal, BigInteger cumulativeEscrow,
                                        String manifestHash, long nonce, Optional<SignedTransaction> replacing) {
        requireSigner();
        String data = reader.settle(BigInteger.valueOf(batchId), Numeric.hexStringToByteArray(root), cumulativeTotal,
                cumulativeEscrow, Numeric.hexStringToByteArray(manifestHash)).encodeFunctionCall();
        BigInteger[] fees = fees(web3j);
        BigInteger maxFee = fees[0];
        BigInteger tip = fees[1];
        if (replacing.isPresent()) {
            // A replacement must raise both fees by at least 10% (geth) / 12.5% (some nodes): take 25%.
            maxFee = maxFee.max(bump(replacing.get().maxFeePerGas()));
            tip = tip.max(bump(replacing.get().maxPriorityFeePerGas()));
        }
        RawTransaction tx = RawTransaction.createTransaction(chainId, BigInteger.valueOf(nonce),
                BigInteger.valueOf(settings.settleGasLimit()), settings.payoutsAddress(), BigInteger.ZERO, data, tip, maxFee);
        byte[] signed = TransactionEncoder.signMessage(tx, chainId, operator);
        return new SignedTransaction(Numeric.toHexString(signed), Numeric.toHexString(Hash.sha3(signed)), nonce, maxFee, tip);
    }

    private static BigInteger bump(BigInteger fee) {
        return fee.multiply(BigInteger.valueOf(5)).divide(BigInteger.valueOf(4)).add(BigInteger.ONE);
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

    private Receipt toReceipt(TransactionReceipt r) {
        String reason = r.isStatusOK() ? null : revertReason(r);
        return new Receipt(r.getTransactionHash(), r.isStatusOK(), r.getBlockNumber().longValueExact(), r.getGasUsed().longValueExact(), reason);
    }

    /** Replays a failed transaction as a call on the state before its block and decodes the custom error. */
    private String revertReason(TransactionReceipt r) {
        try {
            var tx = web3j.ethGetTransactionByHash(r.getTransactionHash()).send().getTransaction();
            if (tx.isEmpty()) {
                return "reverted";
            }
            EthCall result = web3j.ethCall(Transaction.createEthCallTransaction(tx.get().getFrom(), tx.get().getTo(), tx.get().getInput()),
                    DefaultBlockParameter.valueOf(r.getBlockNumber().subtract(BigInteger.ONE))).send();
            String data = result.getError() != null && result.getError().getData() != null
                    ? String.valueOf(result.getError().getData()).replace("\"", "") : result.getRevertReason();
            return decodeError(data);
        } catch (IOException | RuntimeException e) {
            return "reverted (reason unavailable: " + e.getMessage() + ")";
        }
    }

    static String decodeError(String data) {
        if (data == null || !data.startsWith("0x") || data.length() < 10) {
            return data == null ? "reverted" : data;
        }
        CustomError error = ERRORS.get(data.substring(0, 10).toLowerCase(Locale.ROOT));
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
        for (Class<?> type : List.of(MurmurPayouts.class, MurmurTestToken.class)) {
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

    // ------------------------------------------------------------------ contract state

    @Override
    public Batch batch(long batchId) {
        var t = call(() -> reader.batches(BigInteger.valueOf(batchId)).send(), "batches(" + batchId + ")");
        return new Batch(batchId, Numeric.toHexString(t.component1()), t.component2(), t.component3().longValueExact(),
                t.component4().longValueExact(), t.component5());
    }

    @Override
    public Batch batchAt(long batchId, long blockNumber) {
        // A wrapper of its own: the default block parameter is per instance, and the shared reader reads latest.
        MurmurPayouts atBlock = MurmurPayouts.load(settings.payoutsAddress(), web3j, operatorManager,
                gasProvider(web3j, chainId, DEFAULT_GAS_LIMIT));
        atBlock.setDefaultBlockParameter(DefaultBlockParameter.valueOf(BigInteger.valueOf(blockNumber)));
        var t = call(() -> atBlock.batches(BigInteger.valueOf(batchId)).send(), "batches(" + batchId + ") at block " + blockNumber);
        return new Batch(batchId, Numeric.toHexString(t.component1()), t.component2(), t.component3().longValueExact(),
                t.component4().longValueExact(), t.component5());
    }

    @Override
    public long blockTimestamp(long blockNumber) {
        EthBlock block = call(() -> web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(blockNumber)), false).send(),
                "eth_getBlockByNumber");
        failOnError(block, "eth_getBlockByNumber");
        if (block.getBlock() == null) {
            throw new ChainException("block " + blockNumber + " is past the head");
        }
        return block.getBlock().getTimestamp().longValueExact();
    }

    @Override
    public long lastBatchId() {
        return call(() -> reader.lastBatchId().send().longValueExact(), "lastBatchId()");
    }

    @Override
    public BigInteger settledCumulativeTotal() {
        return call(() -> reader.settledCumulativeTotal().send(), "settledCumulativeTotal()");
    }

    @Override
    public BigInteger rewardFunded() {
        return call(() -> reader.rewardFunded().send(), "rewardFunded()");
    }

    @Override
    public BigInteger escrowDeposited() {
        return call(() -> reader.escrowDeposited().send(), "escrowDeposited()");
    }

    @Override
    public BigInteger tokenBalance(String account) {
        MurmurTestToken erc20 = MurmurTestToken.load(token, web3j, operatorManager, gasProvider(web3j, chainId, DEFAULT_GAS_LIMIT));
        return call(() -> erc20.balanceOf(account).send(), "balanceOf");
    }

    @Override
    public List<BatchSettled> batchSettledEvents(long fromBlock, long toBlock) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)), settings.payoutsAddress());
        filter.addSingleTopic(org.web3j.abi.EventEncoder.encode(MurmurPayouts.BATCHSETTLED_EVENT));
        EthLog logs = call(() -> web3j.ethGetLogs(filter).send(), "eth_getLogs");
        failOnError(logs, "eth_getLogs");
        List<BatchSettled> events = new ArrayList<>();
        for (EthLog.LogResult<?> result : logs.getLogs()) {
            Log log = (Log) result.get();
            var e = MurmurPayouts.getBatchSettledEventFromLog(log);
            events.add(new BatchSettled(e.batchId.longValueExact(), Numeric.toHexString(e.root), e.cumulativeTotal,
                    Numeric.toHexString(e.manifestHash), e.claimableAt.longValueExact(), log.getTransactionHash(),
                    log.getBlockNumber().longValueExact()));
        }
        return events;
    }

    @Override
    public Optional<String> blockHash(long blockNumber) {
        EthBlock block = call(() -> web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(blockNumber)), false).send(),
                "eth_getBlockByNumber");
        failOnError(block, "eth_getBlockByNumber");
        return Optional.ofNullable(block.getBlock()).map(EthBlock.Block::getHash);
    }

    private static final String SETTLED_TOPIC = org.web3j.abi.EventEncoder.encode(MurmurPayouts.BATCHSETTLED_EVENT);
    private static final String VETOED_TOPIC = org.web3j.abi.EventEncoder.encode(MurmurPayouts.BATCHVETOED_EVENT);
    private static final String CLAIMED_TOPIC = org.web3j.abi.EventEncoder.encode(MurmurPayouts.CLAIMED_EVENT);
    private static final String DEPOSITED_TOPIC = org.web3j.abi.EventEncoder.encode(MurmurPayouts.DEPOSITED_EVENT);

    @Override
    public List<ContractLog> contractLogs(long fromBlock, long toBlock) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)), settings.payoutsAddress());
        filter.addOptionalTopics(SETTLED_TOPIC, VETOED_TOPIC, CLAIMED_TOPIC, DEPOSITED_TOPIC);
        EthLog logs;
        try {
            logs = web3j.ethGetLogs(filter).send();
        } catch (java.io.InterruptedIOException e) { // a read timeout: the range took the provider too long
            throw new LogRangeRefusedException("eth_getLogs " + fromBlock + ".." + toBlock + " timed out: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new ChainException("eth_getLogs failed: " + e.getMessage(), e);
        }
        if (logs.hasError()) { // providers cap ranges by blocks or results, each in its own words
            throw new LogRangeRefusedException("eth_getLogs " + fromBlock + ".." + toBlock + " refused: " + logs.getError().getMessage());
        }
        List<ContractLog> out = new ArrayList<>();
        for (EthLog.LogResult<?> result : logs.getLogs()) {
            Log log = (Log) result.get();
            if (log.isRemoved()) {
                continue;
            }
            String topic = log.getTopics().getFirst();
            long block = log.getBlockNumber().longValueExact();
            String hash = log.getBlockHash();
            String tx = log.getTransactionHash();
            long index = log.getLogIndex().longValueExact();
            if (topic.equals(SETTLED_TOPIC)) {
                var e = MurmurPayouts.getBatchSettledEventFromLog(log);
                out.add(new ContractLog("BatchSettled", block, hash, tx, index, e.batchId.longValueExact(), null, null, e.cumulativeTotal,
                        Numeric.toHexString(e.root), Numeric.toHexString(e.manifestHash), e.claimableAt.longValueExact()));
            } else if (topic.equals(VETOED_TOPIC)) {
                var e = MurmurPayouts.getBatchVetoedEventFromLog(log);
                out.add(new ContractLog("BatchVetoed", block, hash, tx, index, e.batchId.longValueExact(), lower(e.auditor), null, null,
                        null, null, null));
            } else if (topic.equals(CLAIMED_TOPIC)) {
                var e = MurmurPayouts.getClaimedEventFromLog(log);
                out.add(new ContractLog("Claimed", block, hash, tx, index, e.batchId.longValueExact(), lower(e.account), e.amount,
                        e.cumulativeClaimed, null, null, null));
            } else if (topic.equals(DEPOSITED_TOPIC)) {
                var e = MurmurPayouts.getDepositedEventFromLog(log);
                out.add(new ContractLog("Deposited", block, hash, tx, index, null, lower(e.from), e.amount, null, null, null, null));
            }
        }
        out.sort(java.util.Comparator.comparingLong(ContractLog::blockNumber).thenComparingLong(ContractLog::logIndex));
        return out;
    }

    private static String lower(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    @Override
    public long latestClaimableBatchId() {
        return call(() -> reader.latestClaimableBatchId().send().longValueExact(), "latestClaimableBatchId()");
    }

    @Override
    public BigInteger claimed(String account) {
        return call(() -> reader.claimed(account).send(), "claimed");
    }

    @Override
    public String tokenAddress() {
        return token;
    }

    @Override
    public BigInteger totalClaimed() {
        return call(() -> reader.totalClaimed().send(), "totalClaimed()");
    }

    @Override
    public String claimCalldata(String account, BigInteger cumulativeAmount, List<String> proof) {
        return reader.claim(account, cumulativeAmount, bytes(proof)).encodeFunctionCall();
    }

    @Override
    public Receipt sendToPayouts(String calldata) {
        requireSigner();
        return withSigner(operatorLock, () -> {
            BigInteger[] fees = fees(web3j);
            var sent = ((RawTransactionManager) operatorManager).sendEIP1559Transaction(chainId, fees[1], fees[0], DEFAULT_GAS_LIMIT,
                    settings.payoutsAddress(), calldata, BigInteger.ZERO);
            failOnError(sent, "eth_sendRawTransaction");
            return toReceipt(new PollingTransactionReceiptProcessor(web3j, Math.max(10, settings.pollInterval().toMillis()),
                    (int) Math.max(1, settings.receiptTimeout().toMillis() / Math.max(10, settings.pollInterval().toMillis())))
                    .waitForTransactionReceipt(sent.getTransactionHash()));
        });
    }

    private void requireSigner() {
        if (operator == null) {
            throw new ChainException("this chain client has no signing key (read only)");
        }
    }

    // ------------------------------------------------------------------ operations that wait for their receipt

    @Override
    public Receipt deposit(BigInteger amount) {
        requireSigner();
        return withSigner(operatorLock, () -> {
            ContractGasProvider gas = gasProvider(web3j, chainId, DEFAULT_GAS_LIMIT);
            MurmurTestToken erc20 = MurmurTestToken.load(token, web3j, operatorManager, gas);
            requireSuccess(erc20.approve(settings.payoutsAddress(), amount).send(), "approve");
            return toReceipt(MurmurPayouts.load(settings.payoutsAddress(), web3j, operatorManager, gas).deposit(amount).send());
        });
    }

    @Override
    public Receipt fundRewards(BigInteger amount) {
        requireSigner();
        return withSigner(operatorLock, () -> {
            ContractGasProvider gas = gasProvider(web3j, chainId, DEFAULT_GAS_LIMIT);
            MurmurTestToken erc20 = MurmurTestToken.load(token, web3j, operatorManager, gas);
            requireSuccess(erc20.approve(settings.payoutsAddress(), amount).send(), "approve");
            return toReceipt(MurmurPayouts.load(settings.payoutsAddress(), web3j, operatorManager, gas).fundRewards(amount).send());
        });
    }

    @Override
    public Receipt transferTokens(String to, BigInteger amount) {
        requireSigner();
        return withSigner(operatorLock, () -> toReceipt(MurmurTestToken.load(token, web3j, operatorManager,
                gasProvider(web3j, chainId, DEFAULT_GAS_LIMIT)).transfer(to, amount).send()));
    }

    @Override
    public Receipt veto(long batchId) {
        requireSigner();
        return withSigner(operatorLock, () -> toReceipt(MurmurPayouts.load(settings.payoutsAddress(), web3j, operatorManager,
                gasProvider(web3j, chainId, DEFAULT_GAS_LIMIT)).veto(BigInteger.valueOf(batchId)).send()));
    }

    @Override
    public String vetoCalldata(long batchId) {
        return reader.veto(BigInteger.valueOf(batchId)).encodeFunctionCall();
    }

    @Override
    public Receipt claim(String account, BigInteger cumulativeAmount, List<String> proof) {
        requireSigner();
        return withSigner(operatorLock, () -> toReceipt(MurmurPayouts.load(settings.payoutsAddress(), web3j, operatorManager,
                gasProvider(web3j, chainId, DEFAULT_GAS_LIMIT)).claim(account, cumulativeAmount, bytes(proof)).send()));
    }

    @Override
    public BigInteger claimable(String account, BigInteger cumulativeAmount, List<String> proof) {
        return call(() -> reader.claimable(account, cumulativeAmount, bytes(proof)).send(), "claimable");
    }

    private static List<byte[]> bytes(List<String> proof) {
        return proof.stream().map(Numeric::hexStringToByteArray).toList();
    }

    /** web3j throws TransactionException for a reverted transaction it waited for; we want the receipt. */
    private <T> T withSigner(ReentrantLock lock, Remote<T> action) {
        lock.lock();
        try {
            return action.get();
        } catch (org.web3j.protocol.exceptions.TransactionException e) {
            if (e.getTransactionReceipt().isPresent()) {
                @SuppressWarnings("unchecked")
                T receipt = (T) toReceipt(e.getTransactionReceipt().get());
                return receipt;
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

    @FunctionalInterface
    private interface Remote<T> {
        T get() throws Exception;
    }

    private static <T> T call(Remote<T> remote, String what) {
        try {
            return remote.get();
        } catch (ChainException e) {
            throw e;
        } catch (Exception e) {
            throw new ChainException(what + " failed: " + e.getMessage(), e);
        }
    }

    private static void failOnError(Response<?> response, String what) {
        if (response.hasError()) {
            throw new ChainException(what + " failed: " + response.getError().getMessage());
        }
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
