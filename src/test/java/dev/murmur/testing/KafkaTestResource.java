package dev.murmur.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import java.util.Map;

/**
 * A real Kafka broker (KRaft, in-process) on a free port, for the whole test run; on the opt-in
 * Testcontainers path ({@link TestContainers}), a broker in a container.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedKafkaBroker broker;
    private TestContainers.Started container;

    @Override
    public Map<String, String> start() {
        if (TestContainers.enabled()) {
            container = TestContainers.kafka();
            return container.config();
        }
        broker = new EmbeddedKafkaBroker()
                .withNodeId(1)
                .withKafkaPort(0)
                .withControllerPort(0)
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(p -> {
                    p.put("num.partitions", "3");
                    p.put("offsets.topic.num.partitions", "3");
                    p.put("group.initial.rebalance.delay.ms", "0");
                })
                .start();
        return Map.of("kafka.bootstrap.servers", broker.getAdvertisedListeners());
    }

    @Override
    public void stop() {
        if (container != null) {
            container.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
