package dev.murmur.testing;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The opt-in Testcontainers path of {@link TestStack} ({@code ./murmur test --containers}): the same
 * PostgreSQL, Kafka and anvil, each in a container, for machines that have Docker. Off unless the
 * system property {@value #SWITCH} (or MURMUR_TEST_CONTAINERS) is {@code true}; the default path,
 * which CI runs, starts no container and needs no Docker.
 *
 * <p>Images default to the official ones and each can be replaced with a system property or an
 * environment variable: {@code murmur.test.postgres-image} / MURMUR_TEST_POSTGRES_IMAGE,
 * {@code murmur.test.kafka-image} / MURMUR_TEST_KAFKA_IMAGE and {@code murmur.test.anvil-image} /
 * MURMUR_TEST_ANVIL_IMAGE.
 */
final class TestContainers {

    static final String SWITCH = "murmur.test.containers";
    /** PostgreSQL 15: the version of the server the default path and CI test against. */
    static final String POSTGRES_IMAGE = "postgres:15";
    /** The same Kafka as the Quarkus BOM's clients and the local broker of ./murmur. */
    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String ANVIL_IMAGE = "ghcr.io/foundry-rs/foundry:stable";

    /** A started container and the configuration that points the app at it. */
    record Started(GenericContainer<?> container, Map<String, String> config) {

        void stop() {
            container.stop();
        }
    }

    private TestContainers() {
    }

    static boolean enabled() {
        return Boolean.parseBoolean(System.getProperty(SWITCH, System.getenv().getOrDefault("MURMUR_TEST_CONTAINERS", "false")));
    }

    static Started postgres() {
        PostgreSQLContainer postgres = new PostgreSQLContainer(image("postgres", POSTGRES_IMAGE).asCompatibleSubstituteFor("postgres"))
                .withDatabaseName("murmur_test");
        postgres.start();
        return new Started(postgres, Map.of(
                "quarkus.datasource.jdbc.url", postgres.getJdbcUrl(),
                "quarkus.datasource.username", postgres.getUsername(),
                "quarkus.datasource.password", postgres.getPassword()));
    }

    static Started kafka() {
        // The broker settings of KafkaTestResource: three partitions a topic, no rebalance delay.
        KafkaContainer kafka = new KafkaContainer(image("kafka", KAFKA_IMAGE).asCompatibleSubstituteFor("apache/kafka"))
                .withEnv("KAFKA_NUM_PARTITIONS", "3")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        kafka.start();
        return new Started(kafka, Map.of("kafka.bootstrap.servers", kafka.getBootstrapServers()));
    }

    @SuppressWarnings("resource") // stopped by Started.stop()
    static Started anvil() {
        // Foundry's image runs its command with /bin/sh -c: one string, not split into arguments.
        GenericContainer<?> anvil = new GenericContainer<>(image("anvil", ANVIL_IMAGE))
                .withCommand(new String[] {"anvil --host 0.0.0.0 --port 8545 --chain-id 31337"})
                .withExposedPorts(8545)
                .waitingFor(Wait.forLogMessage(".*Listening on.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
        anvil.start();
        return new Started(anvil, Map.of("murmur.chain.rpc-url", "http://" + anvil.getHost() + ":" + anvil.getMappedPort(8545)));
    }

    private static DockerImageName image(String service, String defaultImage) {
        String fromEnv = System.getenv().getOrDefault("MURMUR_TEST_" + service.toUpperCase(Locale.ROOT) + "_IMAGE", defaultImage);
        return DockerImageName.parse(System.getProperty("murmur.test." + service + "-image", fromEnv));
    }
}
