package dev.murmur.testing;

import dev.murmur.chain.DevChain;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.time.Duration;
import java.util.Map;

/**
 * The test run's anvil dev chain (an {@link AnvilProcess}), as a Quarkus test resource, with the app's
 * payout contract already deployed: by anvil key 0 (the operator), with anvil account 1 as auditor (by
 * address), as a dev deployment would. The app is given its address, so processes that hold no operator
 * key (the api and worker roles) read the same contract as the settler. On the opt-in Testcontainers
 * path ({@link TestContainers}), anvil runs in a container. Fault and reorg tests that stop or kill a
 * chain of their own still start an {@link AnvilProcess} on both paths.
 */
public class AnvilTestResource implements QuarkusTestResourceLifecycleManager {

    /** anvil key 0, the operator of the test contract (well known, worthless elsewhere). */
    private static final String OPERATOR_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    /** anvil account 1: the test contract's auditor. */
    private static final String AUDITOR_ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    private AnvilProcess anvil;
    private TestContainers.Started container;

    @Override
    public Map<String, String> start() {
        String url;
        if (TestContainers.enabled()) {
            container = TestContainers.anvil();
            url = container.config().get("murmur.chain.rpc-url");
        } else {
            anvil = AnvilProcess.start();
            url = anvil.url();
        }
        DevChain.Deployment d = DevChain.deploy(url, OPERATOR_KEY, AUDITOR_ADDRESS, Duration.ZERO);
        return Map.of("murmur.chain.rpc-url", url, "murmur.chain.payouts-address", d.payouts());
    }

    @Override
    public void stop() {
        if (container != null) {
            container.stop();
        }
        if (anvil != null) {
            anvil.stop();
        }
    }
}
