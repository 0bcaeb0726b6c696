package dev.murmur.testing;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.StringJoiner;

/**
 * A summary of every table a request writes, including the outbox: equal before and after means
 * the request changed nothing and emitted no event. Money and operator state are in it too: tips,
 * withdrawals, wallets and their challenges, period budgets, trend moderation and batches. (The ledger is left out: the worker writes it
 * asynchronously, from events of earlier requests.)
 */
public final class DatabaseFingerprint {

    private static final String SQL = """
            select (select count(*) from account), (select count(*) from account_role),
                   (select count(*) from access_token where revoked_at is null), (select count(*) from post),
                   (select count(*) from post where deleted_at is not null), (select count(*) from post_facet), (select count(*) from post_tag),
                   (select count(*) from post_like), (select count(*) from follow), (select count(*) from block),
                   (select count(*) from mute), (select count(*) from report), (select count(*) from idempotency_record),
                   (select coalesce(sum(like_count + repost_count + reply_count + quote_count), 0) from post_counter),
                   (select count(*) from outbox_event), (select count(*) from moderation_action),
                   (select count(*) from account where moderated_at is not null),
                   (select count(*) from post where removed_by_moderation_at is not null),
                   (select coalesce(string_agg(md5(display_name || bio), ''), '') from account),
                   (select count(*) from tip), (select count(*) from withdrawal), (select count(*) from wallet),
                   (select count(*) from wallet_link), (select count(*) from wallet_challenge),
                   (select coalesce(sum(budget), 0) from reward_period), (select count(*) from trend_tag_moderation),
                   (select count(*) from settlement_batch)""";

    private DatabaseFingerprint() {
    }

    public static String of(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(SQL)) {
            rs.next();
            StringJoiner joiner = new StringJoiner("|");
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                joiner.add(rs.getString(i));
            }
            return joiner.toString();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
