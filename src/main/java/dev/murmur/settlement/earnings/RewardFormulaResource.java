package dev.murmur.settlement.earnings;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The published reward formula, from the live configuration: public, like docs/rewards.md. */
@Path("/api/rewards/formula")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class RewardFormulaResource {

    private final RewardFormula formula;

    public RewardFormulaResource(RewardFormula formula) {
        this.formula = formula;
    }

    @GET
    public RewardFormula.Formula formula() {
        return formula.current();
    }
}
