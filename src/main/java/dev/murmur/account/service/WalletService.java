package dev.murmur.account.service;

import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Creators' payout wallets. A wallet is linked once: the payout contract counts claims per address,
 * so moving a creator's cumulative entitlement to a new address would pay it twice. For now an
 * operator links a wallet directly; proving ownership with a signed message comes later.
 */
@ApplicationScoped
public class WalletService {

    public static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    public record Wallet(long accountId, String address, Instant linkedAt) {
    }

    private final EntityManager em;
    private final AccountService accounts;
    private final Clock clock;

    public WalletService(EntityManager em, AccountService accounts, Clock clock) {
        this.em = em;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Links {@code address} to an account. Linking the same address again changes nothing. */
    @Transactional
    public Wallet link(long accountId, String address, Long linkedBy) {
        if (address == null || !ADDRESS.matcher(address).matches()) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "address", "must be a 0x-prefixed 20-byte hex address");
        }
        String normalized = address.toLowerCase(Locale.ROOT);
        if (normalized.equals("0x0000000000000000000000000000000000000000")) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "address", "must not be the zero address");
        }
        accounts.require(accountId);
        // Serialises links of one address and of one account.
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('wallet:' || :a))").setParameter("a", normalized).getSingleResult();
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('wallet-account:' || cast(:id as text)))").setParameter("id", accountId).getSingleResult();
        Optional<Wallet> existing = of(accountId);
        if (existing.isPresent()) {
            if (existing.get().address().equals(normalized)) {
                return existing.get();
            }
            throw new ApiException(ProblemType.WALLET_ALREADY_LINKED, "Account " + accountId + " already has wallet "
                    + existing.get().address() + "; a linked wallet cannot change");
        }
        List<?> owner = em.createNativeQuery("select account_id from wallet where address = :a").setParameter("a", normalized).getResultList();
        if (!owner.isEmpty()) {
            throw new ApiException(ProblemType.WALLET_TAKEN, "Wallet " + normalized + " is linked to another account");
        }
        Instant now = clock.instant();
        em.createNativeQuery("insert into wallet (account_id, address, linked_at, linked_by) values (:id, :a, :t, :by)")
                .setParameter("id", accountId).setParameter("a", normalized).setParameter("t", now).setParameter("by", linkedBy)
                .executeUpdate();
        return new Wallet(accountId, normalized, now);
    }

    public Optional<Wallet> of(long accountId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select account_id, address, linked_at from wallet where account_id = :id")
                .setParameter("id", accountId).getResultList();
        return rows.stream().findFirst().map(r -> new Wallet(((Number) r[0]).longValue(), (String) r[1], instant(r[2])));
    }

    /** Every linked wallet, by account id. */
    public Map<Long, String> all() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select account_id, address from wallet").getResultList();
        Map<Long, String> wallets = new HashMap<>();
        rows.forEach(r -> wallets.put(((Number) r[0]).longValue(), (String) r[1]));
        return wallets;
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) return i;
        if (value instanceof java.time.OffsetDateTime o) return o.toInstant();
        return ((java.sql.Timestamp) value).toInstant();
    }
}
