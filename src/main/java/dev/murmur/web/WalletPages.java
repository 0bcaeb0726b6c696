package dev.murmur.web;

import dev.murmur.account.service.WalletService;
import dev.murmur.problem.ApiException;
import dev.murmur.settlement.earnings.BalanceHistoryService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The reader's wallet page (issue 14): the linked wallet and linking one with SIWE, the tipping balance
 * with deposits, tips sent and received, withdrawals and the batches that pay them. The page lists what
 * BalanceHistoryService says; web/wallet.js talks to the browser's wallet (decision 0920).
 */
@Path("/wallet")
@Produces(MediaType.TEXT_HTML)
@Authenticated
public class WalletPages {

    @CheckedTemplate(basePath = "web", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance wallet(Chrome chrome, WalletService.Wallet wallet, BalanceHistoryService.BalanceHistory history);
    }

    private final BalanceHistoryService history;
    private final WalletService wallets;
    private final WebContext context;
    private final WebErrors errors;

    public WalletPages(BalanceHistoryService history, WalletService wallets, WebContext context, WebErrors errors) {
        this.history = history;
        this.wallets = wallets;
        this.context = context;
        this.errors = errors;
    }

    @GET
    public String page() {
        long me = context.me();
        return Templates.wallet(context.chrome("wallet"), wallets.of(me).orElse(null), history.of(me)).render();
    }

    @ServerExceptionMapper
    public Response mapApi(ApiException e, HttpHeaders headers) {
        return errors.api(e, headers);
    }

    @ServerExceptionMapper
    public Response mapUnauthorized(UnauthorizedException e, HttpHeaders headers) {
        return errors.unauthorized(e, headers);
    }
}
