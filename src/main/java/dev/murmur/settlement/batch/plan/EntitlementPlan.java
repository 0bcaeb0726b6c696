package dev.murmur.settlement.batch.plan;

import java.util.List;

/** The entitlements a batch would hold, in tree order per creator, and the creators it leaves out. */
public record EntitlementPlan(List<Entitlement> entitlements, List<LeftOut> leftOut) {

    public EntitlementPlan {
        entitlements = List.copyOf(entitlements);
        leftOut = List.copyOf(leftOut);
    }

    public long cumulativeTotal() {
        return entitlements.stream().mapToLong(Entitlement::cumulative).reduce(0, Math::addExact);
    }

    public long deltaTotal() {
        return entitlements.stream().mapToLong(Entitlement::delta).reduce(0, Math::addExact);
    }
}
