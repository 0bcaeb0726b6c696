package dev.murmur.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh database on the real PostgreSQL server for each test run, dropped afterwards. The server
 * comes from MURMUR_PG_ADMIN_URL (default: the local server, user postgres, trust auth). On the
 * opt-in Testcontainers path ({@link TestContainers}), a PostgreSQL container instead.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static final String ADMIN_URL = System.getenv().getOrDefault("MURMUR_PG_ADMIN_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    private String database;
    private TestContainers.Started container;

    @Override
    public Map<String, String> start() {
        if (TestContainers.enabled()) {
            container = TestContainers.postgres();
            return container.config();
        }
        database = "murmur_test_" + System.currentTimeMillis() + "_" + ThreadLocalRandom.current().nextInt(1000, 9999);
        execute("create database " + database);
        String url = ADMIN_URL.replaceFirst("/postgres(\\?|$)", "/" + database + "$1");
        String user = url.replaceFirst(".*[?&]user=([^&]+).*", "$1");
        return Map.of(
                "quarkus.datasource.jdbc.url", url.replaceFirst("\\?.*$", ""),
                "quarkus.datasource.username", user.equals(url) ? "postgres" : user,
                "quarkus.datasource.password", "");
    }

    @Override
    public void stop() {
        if (container != null) {
            container.stop();
        }
        if (database != null) {
            execute("drop database if exists " + database + " with (force)");
        }
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL)) {
            connection.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("""
                    PostgreSQL is not reachable at %s (%s).
                    Start the local server with: pg_ctlcluster 15 main start
                    or point MURMUR_PG_ADMIN_URL at a server where this user may create databases.""".formatted(ADMIN_URL, e.getMessage()), e);
        }
    }
}
