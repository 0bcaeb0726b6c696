package dev.murmur.process;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The role table in application.properties, resolved the way the app resolves it (SmallRye
 * Config with its expression expansion): which switch each role turns on, and that a switch set
 * on its own wins over the role. The running behaviour is in WorkerRoleTest and ApiRoleTest.
 */
class ProcessRoleTableTest {

    private static final String[] SWITCHES = {
            "murmur.api.enabled",
            "murmur.worker.enabled",
            "mp.messaging.incoming.engagements.enabled",
            "murmur.trends.enabled",
            "mp.messaging.incoming.trend-posts.enabled",
            "murmur.outbox.relay-enabled",
            "murmur.settlement.driver-enabled",
            "murmur.listener.enabled",
            "murmur.chain.signer"};

    @Test
    void shouldRunEverythingInTheDefaultRole() {
        assertThat(switches(Map.of())).containsExactlyEntriesOf(expected(true, true, true, true, true, true, true));
        assertThat(switches(Map.of("murmur.role", "all"))).containsExactlyEntriesOf(expected(true, true, true, true, true, true, true));
    }

    @Test
    void shouldRunTheConsumersAndTheRelayButNoApiInTheWorkerRole() {
        assertThat(switches(Map.of("murmur.role", "worker")))
                .containsExactlyEntriesOf(expected(false, true, true, true, false, false, false));
    }

    @Test
    void shouldRunTheApiAndTheRelayButNoConsumerNoSchedulerAndNoKeyInTheApiRole() {
        assertThat(switches(Map.of("murmur.role", "api")))
                .containsExactlyEntriesOf(expected(true, false, false, true, false, false, false));
    }

    @Test
    void shouldRunTheDriverAndTheListenerWithTheOperatorKeyOnlyInTheSettlerRole() {
        assertThat(switches(Map.of("murmur.role", "settler")))
                .containsExactlyEntriesOf(expected(false, false, false, true, true, true, true));
    }

    @Test
    void shouldLetASwitchSetOnItsOwnWinOverTheRole() {
        // The API-only recipe from before roles existed still works in the default role.
        assertThat(switches(Map.of("murmur.worker.enabled", "false", "murmur.trends.enabled", "false")))
                .containsExactlyEntriesOf(expected(true, false, false, true, true, true, true));
        // And a worker can be told to drive settlement batches too.
        assertThat(switches(Map.of("murmur.role", "worker", "murmur.settlement.driver-enabled", "true")))
                .containsExactlyEntriesOf(expected(false, true, true, true, true, false, false));
    }

    @Test
    void shouldBuildNotificationsInWorkersAndPushThemLiveFromApiInstances() {
        String[] keys = {"murmur.notifications.enabled", "mp.messaging.incoming.notifications.enabled",
                "murmur.notifications.live-enabled", "mp.messaging.incoming.live.enabled"};
        assertThat(resolve(Map.of(), keys)).containsExactly(true, true, true, true);
        assertThat(resolve(Map.of("murmur.role", "worker"), keys)).containsExactly(true, true, false, false);
        assertThat(resolve(Map.of("murmur.role", "api"), keys)).containsExactly(false, false, true, true);
        assertThat(resolve(Map.of("murmur.role", "api", "murmur.notifications.enabled", "true"), keys))
                .containsExactly(true, true, true, true);
    }

    @Test
    void shouldRefuseAnUnknownRole() {
        assertThatThrownBy(() -> switches(Map.of("murmur.role", "wroker")))
                .hasMessageContaining("murmur.roles.wroker.");
    }

    private static Map<String, Boolean> expected(boolean api, boolean worker, boolean trends, boolean relay, boolean driver,
                                                 boolean listener, boolean operatorKey) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        m.put("murmur.api.enabled", api);
        m.put("murmur.worker.enabled", worker);
        m.put("mp.messaging.incoming.engagements.enabled", worker);
        m.put("murmur.trends.enabled", trends);
        m.put("mp.messaging.incoming.trend-posts.enabled", trends);
        m.put("murmur.outbox.relay-enabled", relay);
        m.put("murmur.settlement.driver-enabled", driver);
        m.put("murmur.listener.enabled", listener);
        m.put("murmur.chain.signer", operatorKey);
        return m;
    }

    /** The switches as the app would see them, with {@code environment} on top of application.properties. */
    private static Map<String, Boolean> switches(Map<String, String> environment) {
        List<Boolean> resolved = resolve(environment, SWITCHES);
        Map<String, Boolean> values = new LinkedHashMap<>();
        for (int i = 0; i < SWITCHES.length; i++) {
            values.put(SWITCHES[i], resolved.get(i));
        }
        return values;
    }

    /** The values of {@code names} as the app would see them, in order. */
    private static List<Boolean> resolve(Map<String, String> environment, String... names) {
        SmallRyeConfig config;
        try {
            config = new SmallRyeConfigBuilder()
                    .addDefaultInterceptors()
                    .withSources(new PropertiesConfigSource(ProcessRoleTableTest.class.getResource("/application.properties"), 250))
                    .withSources(new PropertiesConfigSource(environment, "environment", 300))
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<Boolean> values = new java.util.ArrayList<>();
        for (String name : names) {
            values.add(config.getValue(name, Boolean.class));
        }
        return values;
    }
}
