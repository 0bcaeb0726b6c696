package dev.murmur.tip.rest;

import jakarta.annotation.security.PermitAll;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.murmur.common.ScalarAsText;
import dev.murmur.account.security.CurrentAccount;
import dev.murmur.account.service.StepUp;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.tip.service.TipConfig;
import dev.murmur.tip.service.TipService;
import dev.murmur.tip.service.TokenAmounts;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Tips, the tipping balance and withdrawals. Amounts are in token units ("1.25"), as JSON numbers or strings. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class TipResource {

    public record TipBody(Long post, String creator, BigDecimal amount, String message, Boolean anonymous) {
    }

    public record WithdrawBody(BigDecimal amount) {
    }

    /** Amounts as strings in token units; base units alongside for machines. */
    public record QuoteView(String amount, String fee, String creatorReceives, int feeBps, long amountBaseUnits) {
    }

    public record TipView(long id, long creatorId, Long postId, String amount, String fee, String message,
                          boolean anonymous, String balance) {
    }

    /** One movement of the tipping balance, with the ledger's record of why. */
    public record Movement(String kind, String amount, Instant at, MovementReason reason) {
        static String describe(String ledgerKind) {
            return switch (ledgerKind) {
                case "DEPOSIT" -> "deposited";
                case "DEPOSIT_REVERSAL" -> "deposit reversed";
                case "TIP" -> "tipped";
                case "WITHDRAWAL" -> "withdrawn";
                default -> ledgerKind.toLowerCase(java.util.Locale.ROOT);
            };
        }
    }

    /**
     * Why the tipping balance moved, as the ledger recorded it. Each kind fills its own fields and the
     * others are left out: a tip its {@code rule} ("tip"), {@code tipper} (the account id, or
     * "anonymous"), {@code feeBps} and {@code post}; a deposit the {@code wallet} and where its log is
     * ({@code tx}, {@code logIndex}, {@code block}, {@code blockHash}); a reversal what it {@code reversing}
     * and {@code why}; a withdrawal its {@code rule}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MovementReason(String rule, @JsonDeserialize(using = ScalarAsText.class) String tipper, Integer feeBps, Long post, String wallet, String tx, Long logIndex,
                                 Long block, String blockHash, String reversing, String why) {
    }

    public record BalanceView(String balance, String payable, String pending, String settled, List<Movement> movements) {
    }

    /** What a withdrawal moved to the payable balance, and the tipping balance left, in token units. */
    public record WithdrawalView(String withdrawn, String balance) {
    }

    private final TipService tips;
    private final LedgerQueries ledger;
    private final TipConfig config;
    private final CurrentAccount current;

    private final StepUp stepUp;
    private final ObjectMapper json;

    public TipResource(TipService tips, LedgerQueries ledger, TipConfig config, CurrentAccount current, StepUp stepUp,
                       ObjectMapper json) {
        this.json = json;
        this.stepUp = stepUp;
        this.tips = tips;
        this.ledger = ledger;
        this.config = config;
        this.current = current;
    }

    /** The terms before confirming: the fee and what the creator receives. */
    @PermitAll
    @GET
    @Path("/tips/quote")
    public QuoteView quote(@QueryParam("amount") BigDecimal amount) {
        TipService.Quote q = tips.quote(amount);
        return new QuoteView(tokens(q.amount()), tokens(q.fee()), tokens(q.creatorReceives()), q.feeBps(), q.amount());
    }

    /** Requires an Idempotency-Key: a retry pays once, another body under the same key is a 409. */
    @POST
    @Path("/tips")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    public Response tip(@NotNull TipBody body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        long me = current.id();
        TipService.Tip tip = tips.tip(me, new TipService.TipRequest(body.post(), body.creator(), body.amount(),
                body.message(), Boolean.TRUE.equals(body.anonymous())), idempotencyKey);
        return Response.status(Response.Status.CREATED).entity(new TipView(tip.id(), tip.creatorId(), tip.postId(),
                tokens(tip.amount()), tokens(tip.fee()), tip.message(), tip.anonymous(), tokens(tips.balance(me)))).build();
    }

    @GET
    @Path("/tips/received")
    @Authenticated
    public List<TipService.ReceivedTip> received(@QueryParam("limit") @DefaultValue("50") int limit) {
        return tips.received(current.id(), Math.clamp(limit, 1, 200));
    }

    @GET
    @Path("/tips/sent")
    @Authenticated
    public List<TipService.SentTip> sent(@QueryParam("limit") @DefaultValue("50") int limit) {
        return tips.sent(current.id(), Math.clamp(limit, 1, 200));
    }

    /**
     * The tipping balance with its movements (deposited, tipped, withdrawn), and the payable
     * money on its way to the wallet (received tips and withdrawals: unsettled, pending, settled).
     */
    @GET
    @Path("/balance")
    @Authenticated
    public BalanceView balance() {
        long me = current.id();
        List<Movement> movements = ledger.lines(LedgerAccounts.tippingBalance(me), LedgerAccounts.TOKEN, null, 100).stream()
                .map(l -> new Movement(Movement.describe(l.kind()), tokens(l.amount()), l.occurredAt(), reason(l.reason())))
                .toList();
        return new BalanceView(tokens(tips.balance(me)),
                tokens(ledger.balance(LedgerAccounts.creatorUnsettled(me), LedgerAccounts.TOKEN)),
                tokens(ledger.balance(LedgerAccounts.creatorPending(me), LedgerAccounts.TOKEN)),
                tokens(ledger.balance(LedgerAccounts.creatorSettled(me), LedgerAccounts.TOKEN)),
                movements);
    }

    @POST
    @Path("/balance/withdraw")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    public WithdrawalView withdraw(@NotNull WithdrawBody body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        stepUp.require(current.tokenHash(), "withdraw");
        long units = tips.withdraw(current.id(), body.amount(), idempotencyKey);
        return new WithdrawalView(tokens(units), tokens(tips.balance(current.id())));
    }

    private MovementReason reason(String text) {
        try {
            return json.readValue(text, MovementReason.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a ledger reason that is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private String tokens(long baseUnits) {
        return TokenAmounts.toTokens(baseUnits, config.tokenDecimals());
    }
}
