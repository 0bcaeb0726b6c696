// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {InvariantTest} from "../utils/InvariantTest.sol";
import {PayoutsFixture} from "../utils/PayoutsFixture.sol";
import {PayoutsHandler} from "./PayoutsHandler.sol";

/// @notice The payout contract's invariants, checked after every call of random sequences of
/// settles, vetoes, claims, deposits, window changes and time passing (see PayoutsHandler).
contract MurmurPayoutsInvariantTest is PayoutsFixture, InvariantTest {
    PayoutsHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new PayoutsHandler(payouts, token, operator, auditor, admin);
        vm.label(address(handler), "handler");
        targetContract(address(handler));

        bytes4[] memory selectors = new bytes4[](9);
        selectors[0] = PayoutsHandler.settle.selector;
        selectors[1] = PayoutsHandler.veto.selector;
        selectors[2] = PayoutsHandler.claim.selector;
        selectors[3] = PayoutsHandler.claimFromUnclaimableBatch.selector;
        selectors[4] = PayoutsHandler.deposit.selector;
        selectors[5] = PayoutsHandler.warp.selector;
        selectors[6] = PayoutsHandler.setChallengeWindow.selector;
        selectors[7] = PayoutsHandler.fundRewards.selector;
        selectors[8] = PayoutsHandler.applyChallengeWindow.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev Solvency: the balance plus everything claimed covers the latest standing batch.
    function invariant_Solvent() public view {
        uint256 funds = token.balanceOf(address(payouts)) + payouts.totalClaimed();
        assertGe(funds, payouts.settledCumulativeTotal(), "balance + claimed >= settled cumulative total");
        assertEq(payouts.settledCumulativeTotal(), handler.latestStandingTotal(), "settled total = ghost total");
        assertEq(funds, handler.ghostDeposited(), "every token is deposited or claimed");
    }

    /// @dev The pools are counted apart: the reward part of the standing batch is covered by reward
    /// funding alone and its escrow part by reader deposits alone, whatever readers deposited.
    function invariant_PoolsApart() public view {
        assertEq(payouts.rewardFunded(), handler.ghostRewardFunded(), "reward pool = what was funded");
        assertEq(payouts.escrowDeposited(), handler.ghostEscrowDeposited(), "escrow = what readers deposited");
        uint64 id = handler.latestStanding();
        assertLe(handler.ghostRewardPart(id), payouts.rewardFunded(), "reward part <= reward pool");
        assertLe(handler.ghostEscrowPart(id), payouts.escrowDeposited(), "escrow part <= reader deposits");
    }

    /// @dev At most one batch is inside its window, and it is the standing one; a settled batch's
    /// claimableAt never changes (no window change shortens it).
    function invariant_OneBatchInWindow() public view {
        uint256 open;
        for (uint64 b = 1; b <= payouts.lastBatchId(); b++) {
            (,,, uint64 claimableAt, bool vetoed) = payouts.batches(b);
            // forge-lint: disable-next-line(block-timestamp)
            if (!vetoed && block.timestamp < claimableAt) {
                open++;
                assertEq(b, handler.latestStanding(), "only the standing batch is in its window");
            }
        }
        assertLe(open, 1, "at most one batch in its window");
        assertFalse(handler.ghostWindowShortened(), "a settled batch's claimableAt changed");
    }

    /// @dev The claimable batch is the latest standing batch whose window has closed (what a walk over
    /// every batch finds), though claim reads at most two.
    function invariant_ClaimableIsLatestStandingPastItsWindow() public view {
        uint64 expected;
        for (uint64 b = payouts.lastBatchId(); b != 0; b--) {
            (,,, uint64 claimableAt, bool vetoed) = payouts.batches(b);
            // forge-lint: disable-next-line(block-timestamp)
            if (!vetoed && block.timestamp >= claimableAt) {
                expected = b;
                break;
            }
        }
        assertEq(payouts.latestClaimableBatchId(), expected, "claimable batch = latest standing past its window");
    }

    /// @dev Per-account cumulative claims never go down.
    function invariant_ClaimedNeverDecreases() public view {
        assertFalse(handler.ghostClaimedDecreased(), "an account's claimed amount decreased");
    }

    /// @dev Nobody is paid twice: what an account claimed and received equals at most its entitlement
    /// in the latest claimable batch.
    function invariant_NobodyPaidTwice() public view {
        uint64 id = payouts.latestClaimableBatchId();
        uint256 sum;
        for (uint256 i = 0; i < handler.accountCount(); i++) {
            address account = handler.accountAt(i);
            uint256 claimed = payouts.claimed(account);
            assertLe(claimed, handler.entitlement(id, i), "claimed <= entitlement");
            assertEq(token.balanceOf(account), claimed, "received = claimed");
            sum += claimed;
        }
        assertEq(sum, payouts.totalClaimed(), "sum of claims = total claimed");
        assertEq(handler.ghostPaidOut(), payouts.totalClaimed(), "paid out = total claimed");
    }

    /// @dev A vetoed batch is never the claimable one, and proofs from it never pay.
    function invariant_VetoedRootNeverClaimable() public view {
        uint64 id = payouts.latestClaimableBatchId();
        if (id != 0) {
            (,,,, bool vetoed) = payouts.batches(id);
            assertFalse(vetoed, "the claimable batch is not vetoed");
            assertFalse(handler.ghostVetoed(id), "the claimable batch is not vetoed (ghost)");
        }
        assertFalse(handler.ghostStaleClaimPaid(), "a proof from an unclaimable batch paid out");
        for (uint64 b = 1; b <= payouts.lastBatchId(); b++) {
            (,,,, bool vetoed) = payouts.batches(b);
            assertEq(vetoed, handler.ghostVetoed(b), "vetoed flags match the ghost");
        }
    }

    /// @dev The total claimed never exceeds the cumulative total of the claimable batch (nor, so, the
    /// settled one).
    function invariant_TotalClaimedWithinCumulativeTotal() public view {
        uint64 id = payouts.latestClaimableBatchId();
        (, uint256 cumulativeTotal,,,) = payouts.batches(id);
        assertLe(payouts.totalClaimed(), cumulativeTotal, "total claimed <= claimable cumulative total");
        assertLe(payouts.totalClaimed(), payouts.settledCumulativeTotal(), "total claimed <= settled total");
    }

    /// @dev Batch ids are sequential: one per settle, vetoed or not.
    function invariant_BatchIdsSequential() public view {
        assertEq(payouts.lastBatchId(), handler.ghostSettles(), "last batch id = number of settles");
        assertLe(handler.ghostVetoes(), handler.ghostSettles(), "no more vetoes than settles");
    }
}
