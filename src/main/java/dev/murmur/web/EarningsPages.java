package dev.murmur.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.post.service.PostLabels;
import dev.murmur.problem.ApiException;
import dev.murmur.settlement.earnings.EarningsService;
import dev.murmur.settlement.earnings.RewardFormula;
import dev.murmur.settlement.earnings.StatementService;
import dev.murmur.tip.service.TokenAmounts;
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

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The creator's earnings page (issue 14): totals by status, the breakdown per period, post and trend,
 * each credit's reason, the live reward formula and a chart. Reads the same services as
 * /api/earnings/me/*, so the page, the statement CSV and the API always agree.
 */
@Path("/earnings")
@Produces(MediaType.TEXT_HTML)
@Authenticated
public class EarningsPages {

    /** One total on the page: a label, what it means, and the amount in token units. */
    public record Total(String id, String label, String help, String tokens) {
    }

    /** One credit with the rule that decided it, from the open period. */
    public record Reason(long postId, String type, String rule, String ruleText, long amount) {
    }

    @CheckedTemplate(basePath = "web", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance earnings(Chrome chrome, List<Total> totals, String total, StatementService.Breakdown breakdown,
                                                EarningsService.OpenPeriod open, List<Reason> reasons, RewardFormula.Formula formula,
                                                String chartData, String chartJs, String earningsJs, Map<Long, String> postLabels);
    }

    private final StatementService statements;
    private final EarningsService earnings;
    private final RewardFormula formula;
    private final Assets assets;
    private final ObjectMapper json;
    private final WebContext context;
    private final WebErrors errors;
    private final PostLabels postLabels;

    public EarningsPages(StatementService statements, EarningsService earnings, RewardFormula formula, Assets assets, ObjectMapper json,
                         WebContext context, WebErrors errors, PostLabels postLabels) {
        this.statements = statements;
        this.earnings = earnings;
        this.formula = formula;
        this.assets = assets;
        this.json = json;
        this.context = context;
        this.errors = errors;
        this.postLabels = postLabels;
    }

    @GET
    public String page() {
        long me = context.me();
        StatementService.Breakdown breakdown = statements.breakdown(me);
        StatementService.Chart chart = statements.chart(me);
        EarningsService.Earnings mine = earnings.of(me);
        RewardFormula.Formula current = formula.current();
        int d = breakdown.decimals();
        StatementService.Totals t = breakdown.totals();
        // The issue's words: "pending" is not in a batch yet, "settled" is in a batch inside its challenge window.
        List<Total> totals = List.of(
                new Total("pending", "Pending", "Earned, not in a batch yet", TokenAmounts.toTokens(t.unsettled(), d)),
                new Total("settled", "Settled", "In a batch on chain, challenge window open", TokenAmounts.toTokens(t.pending(), d)),
                new Total("claimable", "Claimable", "Final on chain: yours to claim", TokenAmounts.toTokens(t.claimable(), d)),
                new Total("claimed", "Claimed", "Claimed to your wallet", TokenAmounts.toTokens(t.claimed(), d)));
        Map<String, String> ruleTexts = new LinkedHashMap<>();
        current.rules().forEach(r -> ruleTexts.put(r.id(), r.text()));
        List<Reason> reasons = new ArrayList<>();
        for (EarningsService.PostEarnings post : mine.posts()) {
            for (EarningsService.CreditLine line : post.lines()) {
                reasons.add(new Reason(post.postId(), line.type(), line.rule(), ruleTexts.getOrDefault(line.rule(), ""), line.amount()));
            }
        }
        return Templates.earnings(context.chrome("earnings"), totals, TokenAmounts.toTokens(t.total(), d), breakdown, mine.open(), reasons, current,
                chartData(chart), assets.url(Assets.CHART), assets.url("earnings.js"), postLabels(breakdown, reasons)).render();
    }

    /** The start of each listed post's text. */
    private Map<Long, String> postLabels(StatementService.Breakdown breakdown, List<Reason> reasons) {
        Set<Long> ids = new HashSet<>();
        breakdown.posts().forEach(p -> ids.add(p.postId()));
        reasons.forEach(r -> ids.add(r.postId()));
        return postLabels.of(ids);
    }

    /** What earnings.js draws: one series per source of money, per period, and the claimed share. */
    public record ChartData(List<String> labels, List<BigDecimal> engagement, List<BigDecimal> trend, List<BigDecimal> tips,
                     BigDecimal claimed, BigDecimal unclaimed) {
    }

    /** The chart's series as JSON for earnings.js, in token units so the axis reads like the tables. */
    private String chartData(StatementService.Chart chart) {
        int d = chart.decimals();
        ChartData data = new ChartData(chart.periods().stream().map(p -> "Period " + p.periodId()).toList(),
                chart.periods().stream().map(p -> number(p.engagement(), d)).toList(),
                chart.periods().stream().map(p -> number(p.trend(), d)).toList(),
                chart.periods().stream().map(p -> number(p.tips(), d)).toList(),
                number(chart.claimed().claimed(), d), number(chart.claimed().unclaimed(), d));
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BigDecimal number(long baseUnits, int decimals) {
        return BigDecimal.valueOf(baseUnits, decimals);
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
