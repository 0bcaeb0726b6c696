package dev.murmur.outbox;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The relay's Kafka producer, built once here and injected; and the topics, created at start if absent. */
@ApplicationScoped
public class KafkaClients {

    private static final Logger LOG = Logger.getLogger(KafkaClients.class);

    private final String bootstrap;
    private final OutboxConfig config;

    public KafkaClients(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, OutboxConfig config) {
        this.bootstrap = bootstrap;
        this.config = config;
    }

    @Produces
    @ApplicationScoped
    KafkaProducer<String, String> producer() {
        // Idempotent producer with acks=all: a retried send never duplicates or reorders within a partition.
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.CLIENT_ID_CONFIG, "murmur-outbox-relay"),
                new StringSerializer(), new StringSerializer());
    }

    void close(@Disposes KafkaProducer<String, String> producer) {
        producer.close(java.time.Duration.ofSeconds(5));
    }

    void createTopics(@Observes StartupEvent start) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = List.of(Topics.ENGAGEMENTS, Topics.POSTS, Topics.SOCIAL, Topics.TIPS, Topics.SETTLEMENTS,
                            Topics.NOTIFICATIONS).stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, config.partitions(), (short) -1))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // Another instance may have created them first; the broker may auto-create them too.
            LOG.warnf("Could not create topics at start: %s", e.getMessage());
        }
    }
}
