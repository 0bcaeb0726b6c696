package dev.murmur.chain;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reactivex.Flowable;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlockNumber;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.websocket.events.Notification;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chain transport's decorator: what it retries, what it never retries, how it throttles, what it counts. */
class GuardedRpcTransportTest {

    private static final GuardedRpcTransport.Limits FAST = new GuardedRpcTransport.Limits(3, Duration.ofMillis(1), 8, Duration.ofSeconds(5));

    /** A node stand-in that fails with the queued exceptions first, then answers. */
    private static final class ScriptedNode implements Web3jService {
        final Deque<IOException> failures = new ArrayDeque<>();
        final AtomicInteger calls = new AtomicInteger();
        CountDownLatch entered = new CountDownLatch(0);
        CountDownLatch release = new CountDownLatch(0);

        @Override
        public <T extends Response> T send(Request request, Class<T> responseType) throws IOException {
            calls.incrementAndGet();
            entered.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            IOException failure = failures.poll();
            if (failure != null) {
                throw failure;
            }
            try {
                T response = responseType.getDeclaredConstructor().newInstance();
                if (response instanceof EthBlockNumber n) {
                    n.setResult("0x2a");
                }
                return response;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override public <T extends Response> CompletableFuture<T> sendAsync(Request r, Class<T> t) { throw new UnsupportedOperationException(); }
        @Override public BatchResponse sendBatch(BatchRequest r) { throw new UnsupportedOperationException(); }
        @Override public CompletableFuture<BatchResponse> sendBatchAsync(BatchRequest r) { throw new UnsupportedOperationException(); }
        @Override public <T extends Notification<?>> Flowable<T> subscribe(Request r, String m, Class<T> t) { throw new UnsupportedOperationException(); }
        @Override public void close() { }
    }

    private static <T extends Response> Request<?, T> request(String method, Web3jService via, Class<T> type) {
        return new Request<>(method, List.of(), via, type);
    }

    @Test
    void shouldRetryAReadWhoseConnectionFailedAndCountOneCall() throws IOException {
        ScriptedNode node = new ScriptedNode();
        node.failures.add(new ConnectException("refused"));
        node.failures.add(new ConnectException("refused"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        GuardedRpcTransport transport = new GuardedRpcTransport(node, FAST, meters);

        EthBlockNumber answer = transport.send(request("eth_blockNumber", transport, EthBlockNumber.class), EthBlockNumber.class);

        assertThat(answer.getBlockNumber()).hasToString("42");
        assertThat(node.calls).hasValue(3);
        assertThat(meters.get("murmur.chain.rpc").tag("method", "eth_blockNumber").tag("outcome", "ok").timer().count()).isEqualTo(1);
    }

    @Test
    void shouldGiveUpOnAReadAfterTheConfiguredAttempts() {
        ScriptedNode node = new ScriptedNode();
        for (int i = 0; i < 5; i++) {
            node.failures.add(new ConnectException("refused " + i));
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        GuardedRpcTransport transport = new GuardedRpcTransport(node, FAST, meters);

        assertThatThrownBy(() -> transport.send(request("eth_call", transport, EthBlockNumber.class), EthBlockNumber.class))
                .isInstanceOf(ConnectException.class).hasMessage("refused 2");
        assertThat(node.calls).hasValue(3);
        assertThat(meters.get("murmur.chain.rpc").tag("outcome", "error").timer().count()).isEqualTo(1);
    }

    @Test
    void shouldNeverRetryASend() {
        ScriptedNode node = new ScriptedNode();
        node.failures.add(new ConnectException("refused"));
        GuardedRpcTransport transport = new GuardedRpcTransport(node, FAST, new SimpleMeterRegistry());

        assertThatThrownBy(() -> transport.send(request("eth_sendRawTransaction", transport, EthSendTransaction.class),
                EthSendTransaction.class)).isInstanceOf(ConnectException.class);
        assertThat(node.calls).as("a send that may have reached the node is not repeated here").hasValue(1);
    }

    @Test
    void shouldNotRetryATimeoutSoTheListenerCanShrinkItsRange() {
        ScriptedNode node = new ScriptedNode();
        node.failures.add(new SocketTimeoutException("read timed out"));
        GuardedRpcTransport transport = new GuardedRpcTransport(node, FAST, new SimpleMeterRegistry());

        assertThatThrownBy(() -> transport.send(request("eth_getLogs", transport, EthLog.class), EthLog.class))
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(node.calls).hasValue(1);
    }

    @Test
    void shouldMakeACallWaitForASlotAndFailItAsThrottledWhenNoneFrees() throws Exception {
        ScriptedNode node = new ScriptedNode();
        node.entered = new CountDownLatch(1);
        node.release = new CountDownLatch(1);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        GuardedRpcTransport transport = new GuardedRpcTransport(node,
                new GuardedRpcTransport.Limits(1, Duration.ofMillis(1), 1, Duration.ofMillis(100)), meters);
        CompletableFuture<EthBlockNumber> first = CompletableFuture.supplyAsync(() -> {
            try {
                return transport.send(request("eth_blockNumber", transport, EthBlockNumber.class), EthBlockNumber.class);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(node.entered.await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> transport.send(request("eth_chainId", transport, EthBlockNumber.class), EthBlockNumber.class))
                .isInstanceOf(IOException.class).hasMessageContaining("eth_chainId");
        node.release.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS).getBlockNumber()).hasToString("42");
        assertThat(node.calls).as("the throttled call never reached the node").hasValue(1);
        assertThat(meters.get("murmur.chain.rpc").tag("method", "eth_chainId").tag("outcome", "throttled").timer().count()).isEqualTo(1);
    }
}
