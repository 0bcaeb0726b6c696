package dev.murmur.account.service;

import dev.murmur.limit.Limit;
import dev.murmur.limit.RateLimiter;
import dev.murmur.common.SqlTimes;
import dev.murmur.account.WalletLinked;
import dev.murmur.account.Account;
import dev.murmur.account.config.WalletConfig;
import dev.murmur.chain.ChainClient;
import dev.murmur.chain.ChainConfig;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.murmur.common.SqlRows.number;

/**
 * Creators' payout wallets. A creator proves a wallet by signing a one-time message
 * ({@link WalletProofs}); that proof is the only way an address is linked, first or changed: no
 * operator or admin can link one for them (decision 0615).
 *
 * <p>Wallets may change. The contract counts claims per address, so entitlements are per address:
 * an old address keeps the cumulative amount settled to it (still claimable there) and the new one
 * accrues only what is settled after the change (decision 0401). Two rules keep that safe:
 * an address belongs to one account forever ({@code wallet_address}), and every link is kept in
 * {@code wallet_link} with its time span, so the history shows which wallet received what.
 */
@ApplicationScoped
public class WalletService {

    public static final java.util.regex.Pattern ADDRESS = WalletProofs.ADDRESS;
    /** Visible ASCII: a nonce with anything else was never issued, and is never looked up. */
    private static final java.util.regex.Pattern NONCE = java.util.regex.Pattern.compile("[\\x21-\\x7E]{1,64}");
    private static final String ZERO = "0x0000000000000000000000000000000000000000";

    public record Wallet(long accountId, String address, Instant linkedAt) {
    }

    /** One link in an account's history; {@code linkedTo} is null for the current wallet. */
    public record Link(String address, Instant linkedFrom, Instant linkedTo, String method) {
    }

    /** A one-time message to sign. {@code message} is exactly what {@code personal_sign} must sign. */
    public record Challenge(String nonce, String address, long chainId, String message, Instant issuedAt, Instant expiresAt) {
    }

    private final EntityManager em;
    private final AccountService accounts;
    private final Clock clock;
    private final WalletConfig config;
    private final ChainConfig chainConfig;
    private final Instance<ChainClient> chain;
    private final Event<WalletLinked> linked;
    private final SecurityEvents events;
    private final SecureRandom random = new SecureRandom();
    // Field-injected so that the limits stay out of the constructor other features extend.
    @Inject
    RateLimiter limits;

    public WalletService(EntityManager em, AccountService accounts, Clock clock, WalletConfig config, ChainConfig chainConfig,
                         Instance<ChainClient> chain, Event<WalletLinked> linked, SecurityEvents events) {
        this.events = events;
        this.em = em;
        this.accounts = accounts;
        this.clock = clock;
        this.config = config;
        this.chainConfig = chainConfig;
        this.chain = chain;
        this.linked = linked;
    }

    // ------------------------------------------------------------------ proof of ownership

    /** Issues and stores a one-time message for {@code accountId} to sign with {@code address}. */
    @Transactional
    public Challenge challenge(long accountId, String address) {
        limits.take(Limit.WALLET_CHALLENGES_PER_ACCOUNT, Long.toString(accountId));
        String normalized = requireAddress(address);
        Account account = accounts.require(accountId);
        requireNotOwnedByAnother(accountId, normalized);
        long chainId = chainConfig.chainId().orElseGet(() -> chain.get().chainId().longValueExact());
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(config.challengeTtl());
        String nonce = WalletProofs.nonce(random);
        String message = WalletProofs.message(new WalletProofs.Statement(config.domain(), config.uri(), normalized, account.handle,
                accountId, chainId, nonce, now, expires));
        em.createNativeQuery("""
                        insert into wallet_challenge (nonce, account_id, address, chain_id, message, issued_at, expires_at)
                        values (:n, :a, :addr, :chain, :m, :t, :e)""")
                .setParameter("n", nonce).setParameter("a", accountId).setParameter("addr", normalized).setParameter("chain", chainId)
                .setParameter("m", message).setParameter("t", now).setParameter("e", expires).executeUpdate();
        return new Challenge(nonce, normalized, chainId, message, now, expires);
    }

    /**
     * Links the challenged address once the signature proves it: the nonce must have been issued to
     * this account, unused and unexpired, and the signature must recover to the challenged address over
     * the stored message (so a signature over another account's or another chain's message fails).
     * Any failure links nothing and leaves the challenge as it was.
     */
    @Transactional
    public Wallet linkWithProof(long accountId, String nonce, String signature) {
        if (nonce == null || nonce.isBlank() || nonce.length() > 64) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "nonce", "must be the nonce of a challenge");
        }
        if (!NONCE.matcher(nonce).matches()) {
            // Never issued (WalletProofs.nonce issues hex), and never looked up: a NUL would fail the query.
            throw new ApiException(ProblemType.WALLET_CHALLENGE_UNKNOWN, "No challenge with this nonce was issued to this account");
        }
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("""
                        select account_id, address, chain_id, message, expires_at, used_at
                        from wallet_challenge where nonce = :n for update""", Tuple.class)
                .setParameter("n", nonce).getResultList();
        if (rows.isEmpty() || number(rows.getFirst(), "account_id") != accountId) {
            throw new ApiException(ProblemType.WALLET_CHALLENGE_UNKNOWN, "No challenge " + nonce + " was issued to this account");
        }
        Tuple c = rows.getFirst();
        String address = c.get("address", String.class);
        long chainId = number(c, "chain_id");
        String message = c.get("message", String.class);
        Instant usedAt = SqlTimes.instant(c.get("used_at"));
        Instant expiresAt = SqlTimes.instant(c.get("expires_at"));
        if (usedAt != null) {
            throw new ApiException(ProblemType.WALLET_CHALLENGE_USED, "Challenge " + nonce + " was used at " + usedAt
                    + "; ask for a new one");
        }
        Instant now = clock.instant();
        if (!now.isBefore(expiresAt)) {
            throw new ApiException(ProblemType.WALLET_CHALLENGE_EXPIRED, "Challenge " + nonce + " expired at " + expiresAt);
        }
        String recovered;
        try {
            recovered = WalletProofs.recover(message, signature);
        } catch (WalletProofs.MalformedSignature e) {
            throw ApiException.field(ProblemType.WALLET_SIGNATURE_MALFORMED, "signature", e.getMessage());
        }
        if (!recovered.equals(address)) {
            throw new ApiException(ProblemType.WALLET_SIGNATURE_MISMATCH, "The signature over challenge " + nonce
                    + " recovers to " + recovered + ", not " + address + ": sign exactly the issued message (its account, chain id "
                    + chainId + " and nonce) with the challenged wallet");
        }
        long currentChain = chainConfig.chainId().orElseGet(() -> chain.get().chainId().longValueExact());
        if (currentChain != chainId) {
            throw new ApiException(ProblemType.WALLET_SIGNATURE_MISMATCH, "Challenge " + nonce + " names chain " + chainId
                    + "; Murmur pays on chain " + currentChain);
        }
        Optional<Wallet> before = of(accountId);
        Wallet wallet = doLink(accountId, address, "signature", accountId, nonce);
        events.record(accountId, SecurityEvents.Kind.WALLET_LINKED, "wallet:" + nonce,
                SecurityEvents.Detail.wallet(address, before.map(Wallet::address).orElse(null)));
        em.createNativeQuery("update wallet_challenge set used_at = :t where nonce = :n")
                .setParameter("t", now).setParameter("n", nonce).executeUpdate();
        return wallet;
    }

    private Wallet doLink(long accountId, String address, String method, Long linkedBy, String nonce) {
        lock(accountId, address);
        requireNotOwnedByAnother(accountId, address);
        Optional<Wallet> current = of(accountId);
        if (current.isPresent() && current.get().address().equals(address)) {
            return current.get();
        }
        Instant now = clock.instant();
        em.createNativeQuery("insert into wallet_address (address, account_id) values (:a, :id) on conflict (address) do nothing")
                .setParameter("a", address).setParameter("id", accountId).executeUpdate();
        requireNotOwnedByAnother(accountId, address); // a concurrent claim of the address by another account
        em.createNativeQuery("update wallet_link set linked_to = :t where account_id = :id and linked_to is null")
                .setParameter("t", now).setParameter("id", accountId).executeUpdate();
        em.createNativeQuery("""
                        insert into wallet_link (account_id, address, linked_from, method, linked_by, nonce)
                        values (:id, :a, :t, :m, :by, :n)""")
                .setParameter("id", accountId).setParameter("a", address).setParameter("t", now).setParameter("m", method)
                .setParameter("by", linkedBy).setParameter("n", nonce).executeUpdate();
        em.createNativeQuery("""
                        insert into wallet (account_id, address, linked_at, linked_by) values (:id, :a, :t, :by)
                        on conflict (account_id) do update set address = excluded.address, linked_at = excluded.linked_at,
                            linked_by = excluded.linked_by""")
                .setParameter("id", accountId).setParameter("a", address).setParameter("t", now).setParameter("by", linkedBy)
                .executeUpdate();
        linked.fire(new WalletLinked(accountId, address));
        return new Wallet(accountId, address, now);
    }

    /** Serialises links of one address and of one account (across instances: the database is the arbiter). */
    private void lock(long accountId, String address) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('wallet:' || :a))").setParameter("a", address).getSingleResult();
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('wallet-account:' || cast(:id as text)))")
                .setParameter("id", accountId).getSingleResult();
    }

    private void requireNotOwnedByAnother(long accountId, String address) {
        Optional<Long> owner = ownerOf(address);
        if (owner.isPresent() && owner.get() != accountId) {
            throw new ApiException(ProblemType.WALLET_TAKEN, "Wallet " + address + " is (or was) linked to another account");
        }
    }

    private static String requireAddress(String address) {
        Optional<String> normalized = WalletProofs.normalize(address);
        if (normalized.isEmpty()) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "address",
                    "must be a 0x-prefixed 20-byte hex address (mixed case must be a valid EIP-55 checksum)");
        }
        if (normalized.get().equals(ZERO)) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "address", "must not be the zero address");
        }
        return normalized.get();
    }

    // ------------------------------------------------------------------ reads

    public Optional<Wallet> of(long accountId) {
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("select account_id, address, linked_at from wallet where account_id = :id", Tuple.class)
                .setParameter("id", accountId).getResultList();
        return rows.stream().findFirst().map(r -> new Wallet(number(r, "account_id"), r.get("address", String.class),
                SqlTimes.instant(r.get("linked_at"))));
    }

    /** Every current wallet, by account id. */
    public Map<Long, String> all() {
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("select account_id, address from wallet", Tuple.class).getResultList();
        Map<Long, String> wallets = new HashMap<>();
        rows.forEach(r -> wallets.put(number(r, "account_id"), r.get("address", String.class)));
        return wallets;
    }

    /** Every wallet the account has had, oldest first. */
    public List<Link> history(long accountId) {
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("""
                        select address, linked_from, linked_to, method from wallet_link where account_id = :id order by linked_from, id""",
                        Tuple.class)
                .setParameter("id", accountId).getResultList();
        return rows.stream().map(r -> new Link(r.get("address", String.class), SqlTimes.instant(r.get("linked_from")),
                SqlTimes.instant(r.get("linked_to")), r.get("method", String.class))).toList();
    }

    /** The account an address belongs (or belonged) to. */
    public Optional<Long> ownerOf(String address) {
        @SuppressWarnings("unchecked")
        List<Number> rows = em.createNativeQuery("select account_id from wallet_address where address = :a")
                .setParameter("a", address.toLowerCase(java.util.Locale.ROOT)).getResultList();
        return rows.stream().findFirst().map(Number::longValue);
    }

}
