package dev.murmur.chain;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.reactivex.Flowable;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.websocket.events.Notification;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The decorator every chain call goes through, below web3j's client and contract wrappers, so that
 * nothing escapes it: a Micrometer timer per JSON-RPC method and outcome ({@code murmur.chain.rpc}),
 * a limit on calls in flight (a resilience4j bulkhead: a busy node is not flooded by one process, and a
 * call that waits too long for a slot fails as "throttled"), and retries of read-only calls whose
 * connection failed (resilience4j retry, exponential back-off, holding the slot).
 *
 * <p>Never retried: anything that sends a transaction (a retry of a send that reached the node would be
 * reported as "already known", and the settle driver owns that case), and timeouts (a slow
 * {@code eth_getLogs} means the range is too large; {@link LogRangeRefusedException} shrinks it).
 */
public final class GuardedRpcTransport implements Web3jService {

    /** How hard to try and how many calls at once. */
    public record Limits(int attempts, Duration firstBackoff, int maxInFlight, Duration maxWait) {
        /** Three attempts from 100 ms, eight calls in flight, waiting up to 30 s for a slot. */
        public static final Limits DEFAULT = new Limits(3, Duration.ofMillis(100), 8, Duration.ofSeconds(30));
    }

    /** Methods that only read; repeating them is harmless. */
    private static final Set<String> READS = Set.of("eth_chainId", "eth_blockNumber", "eth_getBlockByNumber", "eth_getBlockByHash",
            "eth_call", "eth_getCode", "eth_getLogs", "eth_getTransactionByHash", "eth_getTransactionReceipt",
            "eth_getTransactionCount", "eth_maxPriorityFeePerGas", "eth_gasPrice", "eth_feeHistory", "eth_estimateGas", "net_version");

    private final Web3jService inner;
    private final MeterRegistry meters;
    private final Retry retry;
    private final Bulkhead bulkhead;

    public GuardedRpcTransport(Web3jService inner, Limits limits, MeterRegistry meters) {
        this.inner = inner;
        this.meters = meters;
        this.retry = Retry.of("chain-rpc", RetryConfig.custom()
                .maxAttempts(Math.max(1, limits.attempts()))
                .intervalFunction(IntervalFunction.ofExponentialBackoff(limits.firstBackoff(), 2.0))
                .retryOnException(e -> e instanceof IOException && !(e instanceof InterruptedIOException))
                .build());
        this.bulkhead = Bulkhead.of("chain-rpc", BulkheadConfig.custom()
                .maxConcurrentCalls(Math.max(1, limits.maxInFlight()))
                .maxWaitDuration(limits.maxWait())
                .build());
    }

    @Override
    public <T extends Response> T send(Request request, Class<T> responseType) throws IOException {
        String method = request.getMethod();
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            bulkhead.acquirePermission();
        } catch (BulkheadFullException e) {
            record(sample, method, "throttled");
            throw new IOException(method + ": " + e.getMessage(), e);
        }
        try {
            T response = READS.contains(method) ? retried(request, responseType) : inner.send(request, responseType);
            outcome = response.hasError() ? "rpc-error" : "ok";
            return response;
        } finally {
            bulkhead.onComplete();
            record(sample, method, outcome);
        }
    }

    private void record(Timer.Sample sample, String method, String outcome) {
        sample.stop(Timer.builder("murmur.chain.rpc").description("JSON-RPC calls to the chain node")
                .tag("method", method).tag("outcome", outcome).register(meters));
    }

    private <T extends Response> T retried(Request request, Class<T> responseType) throws IOException {
        try {
            return Retry.decorateCheckedSupplier(retry, () -> inner.send(request, responseType)).get();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e);
        }
    }

    // Murmur calls the node synchronously; the asynchronous and batch forms go straight through.

    @Override
    public <T extends Response> CompletableFuture<T> sendAsync(Request request, Class<T> responseType) {
        return inner.sendAsync(request, responseType);
    }

    @Override
    public BatchResponse sendBatch(BatchRequest batchRequest) throws IOException {
        return inner.sendBatch(batchRequest);
    }

    @Override
    public CompletableFuture<BatchResponse> sendBatchAsync(BatchRequest batchRequest) {
        return inner.sendBatchAsync(batchRequest);
    }

    @Override
    public <T extends Notification<?>> Flowable<T> subscribe(Request request, String unsubscribeMethod, Class<T> responseType) {
        return inner.subscribe(request, unsubscribeMethod, responseType);
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
