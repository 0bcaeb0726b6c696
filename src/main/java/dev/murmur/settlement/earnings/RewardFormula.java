package dev.murmur.settlement.earnings;

import dev.murmur.reward.RewardPolicy;
import dev.murmur.reward.RewardRules;
import dev.murmur.engagement.EngagementEvent;
import dev.murmur.tip.service.TipConfig;
import dev.murmur.trend.TrendConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The reward formula as data, rendered from the live configuration: what a page shows next to the
 * earnings, so that what a creator reads is what the payout worker applies. The rules' ids are the
 * rule names in every credit's reason and in docs/rewards.md (a test checks the two agree).
 */
@ApplicationScoped
public class RewardFormula {

    /** Credits one engagement of a kind earns before the rules below. */
    public record Weight(String kind, long credits) {
    }

    /** One rule, in the order the policy applies it; {@code id} is the rule name in reasons. */
    public record Rule(String id, String text) {
    }

    /**
     * @param dailyCap           most credits one reader gives one creator per UTC day
     * @param newAccountHours    readers younger than this are weighted down ...
     * @param newAccountPercent  ... to this percent of the weight, rounded down
     * @param emptyAccountPercent the weight kept by a reader with no post of their own (100: rule off)
     */
    public record Engagement(List<Weight> weights, long dailyCap, long newAccountHours, int newAccountPercent,
                             int emptyAccountPercent) {
    }

    /**
     * @param creditsPerScore a trend awards floor(peak score x this) credits ...
     * @param poolPerPeriod   ... within at most this many trend credits per period
     * @param originatorBps   the originators' part, the rest to amplifiers (basis points)
     * @param capBps          the most one account gets of one trend (basis points)
     */
    public record Trends(long creditsPerScore, long poolPerPeriod, int originators, int originatorBps, int capBps) {
    }

    /** @param split how a period's budget becomes money: pro rata to net credits, largest remainder */
    public record Formula(String version, Engagement engagement, Trends trends, String split, int tipFeeBps, int tokenDecimals,
                          List<Rule> rules, String docs) {
    }

    private final RewardPolicy policy;
    private final TrendConfig trends;
    private final TipConfig tips;

    public RewardFormula(RewardPolicy policy, TrendConfig trends, TipConfig tips) {
        this.policy = policy;
        this.trends = trends;
        this.tips = tips;
    }

    public Formula current() {
        RewardRules r = policy.rules();
        List<Weight> weights = Arrays.stream(EngagementEvent.Kind.values())
                .map(k -> new Weight(k.name().toLowerCase(Locale.ROOT), r.weights().getOrDefault(k, 0L))).toList();
        long hours = r.newAccountAge().toHours();
        List<Rule> rules = List.of(
                new Rule(RewardPolicy.Rule.SELF, "Engaging with your own post earns nothing."),
                new Rule(RewardPolicy.Rule.UNDO, "Undoing an engagement reverses exactly the credit it earned."),
                new Rule(RewardPolicy.Rule.DUPLICATE, "One engagement per reader, post and kind earns."),
                new Rule(RewardPolicy.Rule.NEW_ACCOUNT, "A reader younger than " + hours + " hours gives " + r.newAccountPercent()
                        + " % of the weight, rounded down."),
                new Rule(RewardPolicy.Rule.EMPTY_ACCOUNT, "A reader with no post, reply or quote of their own gives "
                        + r.emptyAccountPercent() + " % of the weight, rounded down."),
                new Rule(RewardPolicy.Rule.DAILY_CAP, "One reader gives one creator at most " + r.dailyCap() + " credits per UTC day."),
                new Rule(RewardPolicy.Rule.WEIGHT, "Otherwise the engagement earns its weight."),
                new Rule(RewardPolicy.Rule.MODERATION, "Content removed by moderation loses its credit; a suspended creator earns nothing."),
                new Rule("trend-share", "A trend awards floor(peak score x " + trends.creditsPerScore() + ") credits (at most "
                        + trends.poolPerPeriod() + " per period), " + trends.originatorBps() / 100.0 + " % to its first "
                        + trends.originators() + " accounts, at most " + trends.capBps() / 100.0 + " % to one account."),
                new Rule("pro-rata-largest-remainder", "At period close the budget is split pro rata to net credits; the units left over"
                        + " go one each to the largest remainders, ties to the smaller account id."),
                new Rule("tip", "Tips go to the creator in full, less a platform fee of " + tips.feeBps() + " basis points."));
        return new Formula("v1", new Engagement(weights, r.dailyCap(), hours, r.newAccountPercent(), r.emptyAccountPercent()),
                new Trends(trends.creditsPerScore(), trends.poolPerPeriod(), trends.originators(), trends.originatorBps(), trends.capBps()),
                "pro-rata-largest-remainder", tips.feeBps(), tips.tokenDecimals(), rules, "docs/rewards.md");
    }
}
