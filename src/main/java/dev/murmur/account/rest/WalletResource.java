package dev.murmur.account.rest;

import dev.murmur.account.security.CurrentAccount;
import dev.murmur.account.service.StepUp;
import dev.murmur.account.service.WalletService;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * A creator links (or changes) a payout wallet by proving it: ask for a challenge, sign its message
 * with {@code personal_sign}, send the signature back. Both steps need a recent password (step-up,
 * decision 0616).
 */
@Path("/api/wallets")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class WalletResource {

    public record ChallengeRequest(@NotNull String address) {
    }

    public record LinkRequest(@NotNull String nonce, @NotNull String signature) {
    }

    /** @param current the wallet new batches pay to; @param history every wallet the account has had */
    public record MyWallets(WalletService.Wallet current, List<WalletService.Link> history) {
    }

    private final WalletService wallets;
    private final StepUp stepUp;
    private final CurrentAccount current;

    public WalletResource(WalletService wallets, StepUp stepUp, CurrentAccount current) {
        this.wallets = wallets;
        this.stepUp = stepUp;
        this.current = current;
    }

    @POST
    @Path("/challenge")
    @Consumes(MediaType.APPLICATION_JSON)
    public WalletService.Challenge challenge(@Valid @NotNull ChallengeRequest request) {
        stepUp.require(current.tokenHash(), "link a wallet");
        return wallets.challenge(current.id(), request.address());
    }

    @POST
    @Path("/link")
    @Consumes(MediaType.APPLICATION_JSON)
    public WalletService.Wallet link(@Valid @NotNull LinkRequest request) {
        stepUp.require(current.tokenHash(), "link a wallet");
        return wallets.linkWithProof(current.id(), request.nonce(), request.signature());
    }

    @GET
    @Path("/me")
    public MyWallets me() {
        long id = current.id();
        return new MyWallets(wallets.of(id).orElse(null), wallets.history(id));
    }
}
