package dev.murmur.settlement.batch.plan;

import java.util.List;

/** What a batch created now would hold ({@code root} is null when there is nothing to settle). */
public record Preview(long chainBatchId, String root, long cumulativeTotal, long deltaTotal, Long periodsFrom,
                      Long periodsThrough, List<Entitlement> entitlements, List<LeftOut> leftOut, long cumulativeEscrow) {
}
