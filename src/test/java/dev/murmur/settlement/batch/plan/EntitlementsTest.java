package dev.murmur.settlement.batch.plan;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The entitlement rules of decision 0401, without a database or a chain. */
class EntitlementsTest {

    private static final String A = "0x00000000000000000000000000000000000000aa";
    private static final String B = "0x00000000000000000000000000000000000000bb";

    @Test
    void aFirstBatchPaysEachCreatorsUnsettledMoneyToTheLinkedWallet() {
        EntitlementPlan plan = Entitlements.plan(Map.of(1L, 70L, 2L, 30L), Map.of(), Map.of(1L, A, 2L, B), List.of());

        assertThat(plan.entitlements()).containsExactly(new Entitlement(1, A, 70, 70), new Entitlement(2, B, 30, 30));
        assertThat(plan.cumulativeTotal()).isEqualTo(100);
        assertThat(plan.deltaTotal()).isEqualTo(100);
        assertThat(plan.leftOut()).isEmpty();
    }

    @Test
    void aCreatorWithoutAWalletIsLeftOutWithBothBalances() {
        EntitlementPlan plan = Entitlements.plan(Map.of(1L, 70L), Map.of(1L, 5L), Map.of(), List.of());

        assertThat(plan.entitlements()).isEmpty();
        assertThat(plan.leftOut()).containsExactly(new LeftOut(1, 70, 5, "no-wallet"));
    }

    @Test
    void theSameWalletAddsToItsCumulativeAmount() {
        EntitlementPlan plan = Entitlements.plan(Map.of(1L, 20L), Map.of(), Map.of(1L, A), List.of(new Entitlement(1, A, 70, 70)));

        assertThat(plan.entitlements()).containsExactly(new Entitlement(1, A, 90, 20));
    }

    @Test
    void anAddressACreatorLeftKeepsWhatWasSettledToItAndNewMoneyGoesToTheNewWallet() {
        EntitlementPlan plan = Entitlements.plan(Map.of(1L, 20L), Map.of(), Map.of(1L, B), List.of(new Entitlement(1, A, 70, 70)));

        assertThat(plan.entitlements()).containsExactly(new Entitlement(1, A, 70, 0), new Entitlement(1, B, 20, 20));
        assertThat(plan.cumulativeTotal()).isEqualTo(90);
        assertThat(plan.deltaTotal()).isEqualTo(20);
    }

    @Test
    void previousAddressesStayWhenNothingIsUnsettled() {
        EntitlementPlan plan = Entitlements.plan(Map.of(), Map.of(), Map.of(), List.of(new Entitlement(1, A, 70, 70)));

        assertThat(plan.entitlements()).containsExactly(new Entitlement(1, A, 70, 0));
        assertThat(plan.deltaTotal()).isZero();
    }

    @Test
    void aNegativeUnsettledBalanceStopsTheBatch() {
        assertThatThrownBy(() -> Entitlements.plan(Map.of(1L, -1L), Map.of(), Map.of(1L, A), List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("negative");
    }

    @Test
    void aCumulativeAmountThatWouldFallIsRefused() {
        List<Entitlement> before = List.of(new Entitlement(1, A, 70, 70));

        Entitlements.requireNeverDecreases(before, List.of(new Entitlement(1, A, 70, 0)));
        assertThatThrownBy(() -> Entitlements.requireNeverDecreases(before, List.of(new Entitlement(1, B, 90, 90))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(A);
    }

    @Test
    void deltasAreSummedPerAccountOverItsWallets() {
        assertThat(Entitlements.deltasByAccount(List.of(new Entitlement(1, A, 70, 10), new Entitlement(1, B, 20, 20),
                new Entitlement(2, A, 5, 0)))).containsExactly(Map.entry(1L, 30L));
    }
}
