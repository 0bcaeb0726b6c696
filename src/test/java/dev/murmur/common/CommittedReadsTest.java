package dev.murmur.common;

import dev.murmur.testing.Api;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

@QuarkusTest
class CommittedReadsTest {

    private static final NamedSql HANDLE_AND_TWICE = NamedSql.of(
            "select handle, :n * 2 as twice, cast(null as bigint) as nothing from account where handle = :handle");

    @Inject
    CommittedReads reads;

    @Test
    void shouldReadCommittedRowsWithEveryNamedParameterBound() {
        Api.User ada = Api.newUser("ada");

        List<String> rows = reads.list(HANDLE_AND_TWICE, Map.of("handle", ada.handle(), "n", 21),
                r -> r.getString("handle") + " " + r.getInt("twice") + " " + SqlRows.nullableNumber(r, "nothing"));

        assertThat(rows).containsExactly(ada.handle() + " 42 null");
        assertThat(reads.list(HANDLE_AND_TWICE, Map.of("handle", "nobody-" + ada.handle(), "n", 1), r -> r.getString("handle")))
                .isEmpty();
    }

    @Test
    void shouldBindACollectionOfIdsAsOneBigintArray() {
        NamedSql typeAndIds = NamedSql.of("select pg_typeof(:ids)::text as type, x from unnest(cast(:ids as bigint[])) as x");

        List<String> rows = reads.list(typeAndIds, Map.of("ids", List.of(3L, 1L, 2L)), r -> r.getString("type") + " " + r.getLong("x"));

        assertThat(rows).containsExactly("bigint[] 3", "bigint[] 1", "bigint[] 2");
        assertThat(reads.list(typeAndIds, Map.of("ids", List.of()), r -> r.getLong("x"))).isEmpty();
    }

    @Test
    void shouldRefuseAMissingParameter() {
        assertThatThrownBy(() -> reads.list(HANDLE_AND_TWICE, Map.of("n", 1), r -> r.getString("handle")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":handle");
    }

    /** Inside a transaction, a read on another footing could miss the transaction's own unflushed writes. */
    @Test
    void shouldRefuseToRunInsideATransaction() {
        Throwable thrown = catchThrowable(() -> QuarkusTransaction.requiringNew().run(
                () -> reads.list(HANDLE_AND_TWICE, Map.of("handle", "x", "n", 1), r -> r.getString("handle"))));

        assertThat(Stream.iterate(thrown, Objects::nonNull, Throwable::getCause).toList()).anySatisfy(t ->
                assertThat(t).isInstanceOf(IllegalStateException.class).hasMessageContaining("outside transactions"));
    }

    @Test
    void shouldKeepADatabaseErrorAsTheCause() {
        NamedSql broken = NamedSql.of("select no_such_column from account where handle = :handle");

        assertThatThrownBy(() -> reads.list(broken, Map.of("handle", "x"), r -> r.getString(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasCauseInstanceOf(java.sql.SQLException.class);
    }
}
