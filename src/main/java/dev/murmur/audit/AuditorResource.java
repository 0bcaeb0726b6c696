package dev.murmur.audit;

import dev.murmur.account.Role;
import dev.murmur.account.security.CurrentAccount;
import dev.murmur.settlement.alert.ChainAlerts;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * Auditors: the batch audit (chain, manifest and ledger), the unsigned veto call for their own wallet,
 * and the chain alerts (foreign settles). {@code id} is the contract's batch id. Murmur signs no veto: it
 * holds no auditor key (decision 0612); auditors veto with {@code ./murmur audit veto} or their wallet.
 */
@Path("/api/auditor")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.AUDITOR)
public class AuditorResource {

    /** The audit report, and the open chain alerts next to it so no auditor reads a clean report and misses one. */
    public record AuditView(@com.fasterxml.jackson.annotation.JsonUnwrapped BatchAudit.Report report, List<ChainAlerts.Alert> openChainAlerts) {
    }

    public record ResolveRequest(@NotBlank @Size(max = 1000) String resolution) {
    }

    private final AuditService audits;
    private final ChainAlerts alerts;
    private final CurrentAccount current;

    public AuditorResource(AuditService audits, ChainAlerts alerts, CurrentAccount current) {
        this.audits = audits;
        this.alerts = alerts;
        this.current = current;
    }

    @GET
    @Path("/batches/{id}/audit")
    public AuditView audit(@PathParam("id") long id) {
        return new AuditView(audits.audit(id), alerts.list(true, 100));
    }

    /** The veto as an unsigned transaction for the auditor's own wallet; refused when the contract would refuse it. */
    @GET
    @Path("/batches/{id}/veto-call")
    public AuditService.VetoCall vetoCall(@PathParam("id") long id) {
        return audits.vetoCall(id);
    }

    @GET
    @Path("/chain-alerts")
    public List<ChainAlerts.Alert> chainAlerts(@QueryParam("open") @DefaultValue("false") boolean openOnly,
                                               @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        return alerts.list(openOnly, limit);
    }

    /** Closes an alert once it is understood; readiness comes back UP when none is open. */
    @POST
    @Path("/chain-alerts/{alertId}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    public ChainAlerts.Alert resolve(@PathParam("alertId") long alertId, @Valid @NotNull ResolveRequest request) {
        return alerts.resolve(alertId, current.id(), request.resolution());
    }
}
