package dev.murmur.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** The test run's anvil dev chain (an {@link AnvilProcess}), as a Quarkus test resource. */
public class AnvilTestResource implements QuarkusTestResourceLifecycleManager {

    private AnvilProcess anvil;

    @Override
    public Map<String, String> start() {
        anvil = AnvilProcess.start();
        return Map.of("murmur.chain.rpc-url", anvil.url());
    }

    @Override
    public void stop() {
        if (anvil != null) {
            anvil.stop();
        }
    }
}
