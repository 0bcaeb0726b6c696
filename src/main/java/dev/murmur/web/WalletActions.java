package dev.murmur.web;

import dev.murmur.account.security.CurrentAccount;
import dev.murmur.account.service.AuthService;
import dev.murmur.account.service.SiweService;
import dev.murmur.account.service.StepUp;
import dev.murmur.account.service.WalletService;

import dev.murmur.tip.service.TipConfig;
import dev.murmur.tip.service.TipService;
import dev.murmur.tip.service.TokenAmounts;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The writes behind the wallet script (web/wallet.js, decision 0920): link a wallet with SIWE, prove the
 * password again, tip and withdraw. They are the /api endpoints' twins for the browser session: /api
 * writes are bearer-only (decision 0702), so the page posts here with its session cookie and CSRF header
 * (CsrfFilter). Same services, same checks, same step-up; failures are application/problem+json from
 * ProblemMappers, so the script reads the stable problem type (step-up-required, insufficient-balance).
 */
@Path("/wallet/actions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class WalletActions {

    public record NonceRequest(@NotNull String address) {
    }

    public record VerifyRequest(@NotNull String message, @NotNull String signature) {
    }

    public record PasswordRequest(@NotNull String password) {
    }

    public record TipRequest(Long post, String creator, BigDecimal amount, String message, Boolean anonymous) {
    }

    public record TipDone(long id, String amount, String fee, boolean anonymous, String balance) {
    }

    /** When the password was proved again; the session may link a wallet or withdraw until the step-up window ends. */
    public record SteppedUp(Instant authenticatedAt) {
    }

    /** What was withdrawn and the balance left, both in tokens. */
    public record Withdrawn(String withdrawn, String balance) {
    }

    public record WithdrawRequest(BigDecimal amount) {
    }

    private final SiweService siwe;
    private final AuthService auth;
    private final StepUp stepUp;
    private final TipService tips;
    private final TipConfig tipConfig;
    private final CurrentAccount current;

    public WalletActions(SiweService siwe, AuthService auth, StepUp stepUp, TipService tips, TipConfig tipConfig, CurrentAccount current) {
        this.siwe = siwe;
        this.auth = auth;
        this.stepUp = stepUp;
        this.tips = tips;
        this.tipConfig = tipConfig;
        this.current = current;
    }

    @POST
    @Path("/siwe/nonce")
    public SiweService.SiweChallenge nonce(@Valid @NotNull NonceRequest request) {
        stepUp.require(current.tokenHash(), "link a wallet");
        return siwe.issue(current.id(), request.address());
    }

    @POST
    @Path("/siwe/verify")
    public WalletService.Wallet verify(@Valid @NotNull VerifyRequest request) {
        stepUp.require(current.tokenHash(), "link a wallet");
        return siwe.verify(current.id(), request.message(), request.signature());
    }

    /** The page's answer to 403 step-up-required: the password, proved again for this session. */
    @POST
    @Path("/step-up")
    public SteppedUp stepUp(@Valid @NotNull PasswordRequest request) {
        return new SteppedUp(auth.stepUp(current.id(), current.tokenHash(), request.password()));
    }

    /** Needs an Idempotency-Key, like POST /api/tips: the dialog keeps one per opening, so a double click tips once. */
    @POST
    @Path("/tips")
    public TipDone tip(@NotNull TipRequest body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        long me = current.id();
        TipService.Tip tip = tips.tip(me, new TipService.TipRequest(body.post(), body.creator(), body.amount(), body.message(),
                Boolean.TRUE.equals(body.anonymous())), idempotencyKey);
        return new TipDone(tip.id(), tokens(tip.amount()), tokens(tip.fee()), tip.anonymous(), tokens(tips.balance(me)));
    }

    @POST
    @Path("/withdraw")
    public Withdrawn withdraw(@NotNull WithdrawRequest body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        stepUp.require(current.tokenHash(), "withdraw");
        long units = tips.withdraw(current.id(), body.amount(), idempotencyKey);
        return new Withdrawn(tokens(units), tokens(tips.balance(current.id())));
    }

    private String tokens(long baseUnits) {
        return TokenAmounts.toTokens(baseUnits, tipConfig.tokenDecimals());
    }
}
