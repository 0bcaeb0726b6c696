package dev.murmur.account.rest;

import dev.murmur.account.security.CurrentAccount;
import dev.murmur.account.service.SiweService;
import dev.murmur.account.service.StepUp;
import dev.murmur.account.service.WalletService;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Link a wallet from the browser with Sign-In with Ethereum (EIP-4361): ask for the message, have the
 * wallet {@code personal_sign} it, send both back (docs/settlement.md, "Wallets"). Both steps need a recent
 * password, like /api/wallets/challenge and /link (step-up, decision 0616).
 */
@Path("/api/wallets/siwe")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class SiweResource {

    public record NonceRequest(@NotNull String address) {
    }

    public record VerifyRequest(@NotNull String message, @NotNull String signature) {
    }

    private final SiweService siwe;
    private final StepUp stepUp;
    private final CurrentAccount current;

    public SiweResource(SiweService siwe, StepUp stepUp, CurrentAccount current) {
        this.siwe = siwe;
        this.stepUp = stepUp;
        this.current = current;
    }

    /** A one-time nonce and the exact text to sign, for the address the wallet reported. */
    @POST
    @Path("/nonce")
    public SiweService.SiweChallenge nonce(@Valid @NotNull NonceRequest request) {
        stepUp.require(current.tokenHash(), "link a wallet");
        return siwe.issue(current.id(), request.address());
    }

    @POST
    @Path("/verify")
    public WalletService.Wallet verify(@Valid @NotNull VerifyRequest request) {
        stepUp.require(current.tokenHash(), "link a wallet");
        return siwe.verify(current.id(), request.message(), request.signature());
    }
}
