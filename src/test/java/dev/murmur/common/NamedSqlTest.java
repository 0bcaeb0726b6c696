package dev.murmur.common;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NamedSqlTest {

    @Test
    void shouldMakeEachOccurrenceOfANameAPositionOfItsOwn() {
        NamedSql sql = NamedSql.of("select 1 from block b where (b.blocker_id = :viewer and b.blocked_id = :author)"
                + " or (b.blocker_id = :author and b.blocked_id = :viewer)");

        assertThat(sql.text()).isEqualTo("select 1 from block b where (b.blocker_id = ? and b.blocked_id = ?)"
                + " or (b.blocker_id = ? and b.blocked_id = ?)");
        assertThat(sql.names()).containsExactly("viewer", "author", "author", "viewer");
    }

    @Test
    void shouldLeaveCastsAndTextWithoutParametersAlone() {
        NamedSql sql = NamedSql.of("select id::text, cast(:ids as bigint[]) from post where id = any(cast(:ids as bigint[]))");

        assertThat(sql.text()).isEqualTo("select id::text, cast(? as bigint[]) from post where id = any(cast(? as bigint[]))");
        assertThat(sql.names()).containsExactly("ids", "ids");
        assertThat(NamedSql.of("select now()")).isEqualTo(new NamedSql("select now()", List.of()));
    }

    @Test
    void shouldRewriteEachOccurrenceWithThePlaceholderGiven() {
        assertThat(NamedSql.rewrite("select :a, :b_2, :a", name -> ":" + name + "_7"))
                .isEqualTo("select :a_7, :b_2_7, :a_7");
    }
}
