package dev.murmur.account.rest;

import dev.murmur.account.Role;
import dev.murmur.account.service.WalletService;
import dev.murmur.problem.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Operators read a creator's payout wallet. They cannot set it: only the owner's signed proof links an
 * address (POST /api/wallets/challenge, /api/wallets/link; decisions 0401 and 0615), so nobody at Murmur
 * can redirect a creator's money, or the deposits held for an address, alone.
 */
@Path("/api/operator/accounts/{id}/wallet")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.OPERATOR)
public class OperatorWalletResource {

    private final WalletService wallets;

    public OperatorWalletResource(WalletService wallets) {
        this.wallets = wallets;
    }

    @GET
    public WalletService.Wallet get(@PathParam("id") long id) {
        return wallets.of(id).orElseThrow(() -> ApiException.notFound("Wallet of account " + id));
    }
}
