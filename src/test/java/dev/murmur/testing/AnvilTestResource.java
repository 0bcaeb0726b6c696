package dev.murmur.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * The test run's anvil dev chain (an {@link AnvilProcess}), as a Quarkus test resource; on the
 * opt-in Testcontainers path ({@link TestContainers}), anvil in a container. Fault and reorg tests
 * that stop or kill a chain of their own still start an {@link AnvilProcess} on both paths.
 */
public class AnvilTestResource implements QuarkusTestResourceLifecycleManager {

    private AnvilProcess anvil;
    private TestContainers.Started container;

    @Override
    public Map<String, String> start() {
        if (TestContainers.enabled()) {
            container = TestContainers.anvil();
            return container.config();
        }
        anvil = AnvilProcess.start();
        return Map.of("murmur.chain.rpc-url", anvil.url());
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
