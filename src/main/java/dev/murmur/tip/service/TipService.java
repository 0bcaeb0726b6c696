package dev.murmur.tip.service;

import dev.murmur.limit.Limit;
import dev.murmur.limit.RateLimiter;
import dev.murmur.account.service.AccountService;
import dev.murmur.account.service.SecurityEvents;
import dev.murmur.common.IdempotencyStore;
import dev.murmur.common.UserText;
import dev.murmur.ledger.JournalEntry;
import dev.murmur.ledger.JournalEntry.Posting;
import dev.murmur.ledger.Ledger;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.outbox.Outbox;
import dev.murmur.outbox.Topics;
import dev.murmur.outbox.UuidV7;
import dev.murmur.post.Post;
import dev.murmur.post.service.PostService;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import dev.murmur.period.PeriodService;
import dev.murmur.social.service.SocialGraph;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Tips: a ledger transfer from the reader's tipping balance to the creator's payable balance (the
 * one settlement batches pay out), less the platform fee. Per reader, tips and withdrawals are
 * serialised on a transaction-scoped lock, and the balance is checked under it, so no number of
 * parallel requests can overdraw it.
 */
@ApplicationScoped
public class TipService {

    /** What the reader asked for. Exactly one of {@code post} and {@code creator}. */
    public record TipRequest(Long post, String creator, BigDecimal amount, String message, boolean anonymous) {
        /** {@code amountText} is the amount already checked, as token units ({@link TokenAmounts#toTokens}). */
        String fingerprint(String amountText) {
            return post + "\u0000" + creator + "\u0000" + amountText
                    + "\u0000" + message + "\u0000" + anonymous;
        }
    }

    /** The terms of a tip, shown before it is confirmed. */
    public record Quote(long amount, long fee, long creatorReceives, int feeBps, int decimals) {
    }

    public record Tip(long id, long tipperId, long creatorId, Long postId, long amount, long fee, String message,
                      boolean anonymous, Instant createdAt) {
    }

    /** The event on {@link Topics#TIPS}, keyed by the creator. The tipper is left out when anonymous. */
    public record TipEvent(int schemaVersion, UUID id, long tipId, long creatorId, Long tipperId, Long postId,
                           long amount, long fee, String message, Instant occurredAt) {
        public static final String TYPE = "dev.murmur.tip.sent";
    }

    private static final String IDEMPOTENCY_SCOPE = "tip";

    private final TipRepository repository;
    private final AccountService accounts;
    private final PostService posts;
    private final SocialGraph social;
    private final Ledger ledger;
    private final LedgerQueries ledgerQueries;
    private final PeriodService periods;
    private final IdempotencyStore idempotency;
    private final Outbox outbox;
    private final TipConfig config;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final SecurityEvents securityEvents;

    // Field-injected so that the limits stay out of the constructor other features extend.
    @Inject
    RateLimiter limits;

    public TipService(TipRepository repository, AccountService accounts, PostService posts, SocialGraph social,
                      Ledger ledger, LedgerQueries ledgerQueries, PeriodService periods, IdempotencyStore idempotency, Outbox outbox,
                      TipConfig config, Clock clock, MeterRegistry metrics, SecurityEvents securityEvents) {
        this.repository = repository;
        this.accounts = accounts;
        this.posts = posts;
        this.social = social;
        this.ledger = ledger;
        this.ledgerQueries = ledgerQueries;
        this.periods = periods;
        this.idempotency = idempotency;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.securityEvents = securityEvents;
    }

    public Quote quote(BigDecimal amount) {
        long units = baseUnits(amount);
        long fee = TokenAmounts.fee(units, config.feeBps());
        return new Quote(units, fee, units - fee, config.feeBps(), config.tokenDecimals());
    }

    /** Sends a tip once per Idempotency-Key: a retry returns the first tip; another body under the key is a 409. */
    @Transactional
    public Tip tip(long tipperId, TipRequest request, String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "Idempotency-Key", "is required for tips");
        }
        // The amount is checked before anything is built from it: its text goes into the fingerprint.
        Quote terms = quote(request.amount());
        String fingerprint = request.fingerprint(TokenAmounts.toTokens(terms.amount(), config.tokenDecimals()));
        Optional<Long> earlier = idempotency.replay(tipperId, IDEMPOTENCY_SCOPE, idempotencyKey, fingerprint);
        if (earlier.isPresent()) {
            return repository.tip(earlier.get());
        }
        limits.take(Limit.TIPS_PER_ACCOUNT, Long.toString(tipperId));
        String message = message(request.message());
        long creatorId;
        Long postId = null;
        if ((request.post() == null) == (request.creator() == null)) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "post", "give exactly one of 'post' or 'creator'");
        }
        if (request.post() != null) {
            Post post = posts.original(posts.requireLive(request.post(), "post"));
            creatorId = post.author.id;
            postId = post.id;
        } else {
            creatorId = accounts.require(request.creator()).id;
        }
        if (creatorId == tipperId) {
            throw new ApiException(ProblemType.SELF_ACTION, "You cannot tip yourself");
        }
        social.requireNotBlockedEitherWay(tipperId, creatorId);

        requireBalance(tipperId, terms.amount());

        Instant now = clock.instant();
        UUID entryId = UuidV7.next(clock);
        List<Posting> postings = new ArrayList<>(List.of(
                new Posting(LedgerAccounts.tippingBalance(tipperId), LedgerAccounts.TOKEN, -terms.amount()),
                new Posting(LedgerAccounts.creatorUnsettled(creatorId), LedgerAccounts.TOKEN, terms.creatorReceives())));
        if (terms.fee() > 0) {
            postings.add(new Posting(LedgerAccounts.TIP_FEES, LedgerAccounts.TOKEN, terms.fee()));
        }
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("rule", "tip");
        reason.put("tipper", request.anonymous() ? "anonymous" : tipperId);
        reason.put("feeBps", config.feeBps());
        if (postId != null) {
            reason.put("post", postId);
        }
        ledger.record(List.of(new JournalEntry(JournalEntry.Kind.TIP, entryId, periods.lockOpenForCredit().id(), now, reason, postings)));

        Tip tip = repository.insertTip(tipperId, creatorId, postId, terms, message, request.anonymous(), entryId, now);
        outbox.append(Topics.TIPS, Long.toString(creatorId), TipEvent.TYPE, "tip/" + tip.id(),
                new TipEvent(1, entryId, tip.id(), creatorId, request.anonymous() ? null : tipperId, postId,
                        terms.amount(), terms.fee(), message, now));
        idempotency.remember(tipperId, IDEMPOTENCY_SCOPE, idempotencyKey, fingerprint, tip.id());
        metrics.counter("murmur.tips", "outcome", "sent").increment();
        return tip;
    }

    /**
     * Moves unspent tipping balance to the account's payable balance, which the next settlement
     * batch pays to its linked wallet, like creator earnings: one payout path, not two.
     */
    @Transactional
    public long withdraw(long accountId, BigDecimal amount, String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "Idempotency-Key", "is required for withdrawals");
        }
        // The amount is checked before anything is built from it: its text is the fingerprint.
        long units = baseUnits(amount);
        String fingerprint = TokenAmounts.toTokens(units, config.tokenDecimals());
        Optional<Long> earlier = idempotency.replay(accountId, "withdrawal", idempotencyKey, fingerprint);
        if (earlier.isPresent()) {
            return repository.withdrawalAmount(earlier.get());
        }
        requireBalance(accountId, units);
        Instant now = clock.instant();
        UUID entryId = UuidV7.next(clock);
        ledger.record(List.of(new JournalEntry(JournalEntry.Kind.WITHDRAWAL, entryId, periods.lockOpenForCredit().id(), now,
                Map.of("rule", "withdrawal"), List.of(
                new Posting(LedgerAccounts.tippingBalance(accountId), LedgerAccounts.TOKEN, -units),
                new Posting(LedgerAccounts.creatorUnsettled(accountId), LedgerAccounts.TOKEN, units)))));
        long id = repository.insertWithdrawal(accountId, units, entryId, now);
        idempotency.remember(accountId, "withdrawal", idempotencyKey, fingerprint, id);
        securityEvents.record(accountId, SecurityEvents.Kind.WITHDRAWAL, "withdrawal:" + id, SecurityEvents.Detail.withdrawal(units, id));
        metrics.counter("murmur.tips", "outcome", "withdrawn").increment();
        return units;
    }

    public long balance(long accountId) {
        return ledgerQueries.balance(LedgerAccounts.tippingBalance(accountId), LedgerAccounts.TOKEN);
    }

    /**
     * A tip as its creator sees it: {@code from} is the tipper's handle, or "anonymous" when the
     * tipper chose so (decision 0903: hidden from the public and from the creator alike).
     */
    public record ReceivedTip(long id, String amount, String fee, String message, Long post, Instant at, String from) {
    }

    /** A tip as its tipper sees it (anonymous ones too: the tipper knows). */
    public record SentTip(long id, String amount, String fee, String message, Long post, Instant at, String to, boolean anonymous) {
    }

    /** Tips a creator received, newest first. Anonymous tippers are hidden. */
    public List<ReceivedTip> received(long creatorId, int limit) {
        return repository.received(creatorId, limit).stream()
                .map(r -> new ReceivedTip(r.id(), tokens(r.amount()), tokens(r.fee()), r.message(), r.post(), r.at(),
                        r.counterpart() == null ? "anonymous" : r.counterpart()))
                .toList();
    }

    /** Tips an account sent, newest first (its own view: anonymous ones show the creator as usual). */
    public List<SentTip> sent(long tipperId, int limit) {
        return repository.sent(tipperId, limit).stream()
                .map(r -> new SentTip(r.id(), tokens(r.amount()), tokens(r.fee()), r.message(), r.post(), r.at(), r.counterpart(),
                        r.anonymous()))
                .toList();
    }

    /** Withdrawals of an account, newest first: {@code id}, base units, when. Which batch paid each is in the statement. */
    public record Withdrawal(long id, long amount, String tokens, Instant at, String eventId) {
    }

    public List<Withdrawal> withdrawals(long accountId, int limit) {
        return repository.withdrawals(accountId, limit).stream()
                .map(w -> new Withdrawal(w.id(), w.amount(), tokens(w.amount()), w.at(), w.entryEvent().toString()))
                .toList();
    }

    /**
     * Takes the account's balance lock (until the transaction ends) and checks the balance under it:
     * what makes parallel tips and withdrawals unable to overdraw.
     */
    private void requireBalance(long accountId, long amount) {
        repository.lockBalance(accountId);
        long balance = ledgerQueries.balance(LedgerAccounts.tippingBalance(accountId), LedgerAccounts.TOKEN);
        if (balance < amount) {
            throw ApiException.field(ProblemType.INSUFFICIENT_BALANCE, "amount", "your tipping balance is "
                    + TokenAmounts.toTokens(balance, config.tokenDecimals()) + "; this needs "
                    + TokenAmounts.toTokens(amount, config.tokenDecimals()));
        }
    }

    private String tokens(long baseUnits) {
        return TokenAmounts.toTokens(baseUnits, config.tokenDecimals());
    }

    private long baseUnits(BigDecimal amount) {
        return TokenAmounts.toBaseUnits(amount, config.tokenDecimals(), config.minAmount(), config.maxAmount());
    }

    private String message(String raw) {
        if (raw == null) {
            return "";
        }
        String text = UserText.nfc(raw).strip();
        UserText.requirePlain("message", text, ProblemType.INVALID_TEXT);
        if (UserText.graphemeCount(text) > config.maxMessage()) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "message", "must be at most " + config.maxMessage() + " characters");
        }
        return text;
    }
}
