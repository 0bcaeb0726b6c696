package dev.murmur.process;

import java.util.Locale;

/**
 * What one Murmur process runs (murmur.role, env MURMUR_ROLE). The table of which component runs
 * in which role is in application.properties ("Process role"), where each component's switch
 * takes its default from it, and a switch set on its own still wins. docs/operations.md
 * ("Process roles") lists it, and docs/decisions/0105-process-roles.md explains it.
 *
 * <p>The role is read with {@code @ConfigProperty}, not a {@code @ConfigMapping}: a mapping of the
 * top-level key would make "murmur" a mapped root, and every key under it that no mapping names
 * (the role table, murmur.roles.*) would fail start-up.
 */
public enum ProcessRole {

    /** Everything in one process: the HTTP API and every background component. The default. */
    ALL,

    /** The HTTP API (with the live push and its own per-instance reader) and the outbox relay; none of the pipeline's consumers, and no chain key (it reads the chain only). */
    API,

    /** The Kafka consumers (payout worker, trend detector, notifications) and the outbox relay; no HTTP API, no chain key. */
    WORKER,

    /**
     * The settlement batch driver and the chain listener, with the operator key: the only role that signs.
     * Exactly one runs at a time (the settler lease, decision 0611); no HTTP API besides /q.
     */
    SETTLER;

    /** The configuration key: murmur.role (env MURMUR_ROLE), default {@code all} (application.properties). */
    public static final String PROPERTY = "murmur.role";

    /** The value as it is configured: {@code all}, {@code api}, {@code worker} or {@code settler}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
