package dev.murmur.account.rest;

import dev.murmur.account.Role;
import dev.murmur.account.security.CurrentAccount;
import dev.murmur.account.service.WalletService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Operators link a creator's payout wallet directly (until creators prove ownership themselves). */
@Path("/api/operator/accounts/{id}/wallet")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.OPERATOR)
public class OperatorWalletResource {

    public record LinkRequest(@NotNull String address) {
    }

    private final WalletService wallets;
    private final CurrentAccount current;

    public OperatorWalletResource(WalletService wallets, CurrentAccount current) {
        this.wallets = wallets;
        this.current = current;
    }

    /** Idempotent for the same address; a different address is refused (wallet-already-linked). */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public WalletService.Wallet link(@PathParam("id") long id, @Valid @NotNull LinkRequest request) {
        return wallets.link(id, request.address(), current.id());
    }

    @GET
    public WalletService.Wallet get(@PathParam("id") long id) {
        return wallets.of(id).orElseThrow(() -> dev.murmur.problem.ApiException.notFound("Wallet of account " + id));
    }
}
