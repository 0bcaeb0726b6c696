package dev.murmur.settlement.claim;

import dev.murmur.account.security.CurrentAccount;
import dev.murmur.account.service.WalletService;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A creator's claims: per address, the cumulative entitlement, proof, what is claimable and the calldata. */
@Path("/api/claims")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ClaimResource {

    private final ClaimService claims;
    private final WalletService wallets;
    private final CurrentAccount current;

    public ClaimResource(ClaimService claims, WalletService wallets, CurrentAccount current) {
        this.claims = claims;
        this.wallets = wallets;
        this.current = current;
    }

    @GET
    @Path("/me")
    public ClaimService.Claims me() {
        long id = current.id();
        return claims.of(id, wallets.of(id).map(WalletService.Wallet::address).orElse(null));
    }

    /** The unsigned claim transaction for the user's wallet ({@code address}: one of the account's; default the current). */
    @GET
    @Path("/me/transaction")
    public ClaimService.ClaimTransaction transaction(@QueryParam("address") String address) {
        long id = current.id();
        return claims.transaction(id, address, wallets.of(id).map(WalletService.Wallet::address).orElse(null));
    }

    /** A sent claim: unknown, reverted, mined, or claimed (booked by the chain listener). */
    @GET
    @Path("/me/transactions/{hash}")
    public ClaimService.ClaimStatus status(@PathParam("hash") String hash) {
        return claims.status(current.id(), hash);
    }
}
