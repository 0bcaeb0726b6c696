// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {
    IAccessControlDefaultAdminRules
} from "@openzeppelin/contracts/access/extensions/IAccessControlDefaultAdminRules.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IMurmurPayouts} from "../src/IMurmurPayouts.sol";
import {MurmurPayouts} from "../src/MurmurPayouts.sol";
import {MurmurTestToken} from "../src/test/MurmurTestToken.sol";
import {MerkleBuilder} from "./utils/MerkleBuilder.sol";
import {PayoutsFixture} from "./utils/PayoutsFixture.sol";
import {ReentrantToken} from "./utils/ReentrantToken.sol";

contract MurmurPayoutsTest is PayoutsFixture {
    /*//////////////////////////////////////////////////////////////
                              CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    function test_Constructor() public view {
        assertEq(address(payouts.token()), address(token));
        assertEq(payouts.challengeWindow(), WINDOW);
        assertTrue(payouts.hasRole(payouts.DEFAULT_ADMIN_ROLE(), admin));
        assertFalse(payouts.hasRole(payouts.OPERATOR_ROLE(), admin), "admin is not an operator by default");
        assertEq(payouts.lastBatchId(), 0);
        assertEq(payouts.latestClaimableBatchId(), 0);
        assertEq(payouts.totalClaimed(), 0);
        assertEq(payouts.settledCumulativeTotal(), 0);
        assertFalse(payouts.paused());
    }

    function test_RevertWhen_ConstructorTokenIsNotAContract() public {
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsInvalidToken.selector, alice));
        new MurmurPayouts(IERC20(alice), admin, ADMIN_DELAY, WINDOW);
    }

    function test_RevertWhen_ConstructorAdminIsZero() public {
        vm.expectRevert(IMurmurPayouts.MurmurPayoutsInvalidAdmin.selector);
        new MurmurPayouts(token, address(0), ADMIN_DELAY, WINDOW);
    }

    function test_RevertWhen_ConstructorWindowTooLong() public {
        uint64 tooLong = payouts.MAX_CHALLENGE_WINDOW() + 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                IMurmurPayouts.MurmurPayoutsChallengeWindowTooLong.selector, tooLong, payouts.MAX_CHALLENGE_WINDOW()
            )
        );
        new MurmurPayouts(token, admin, ADMIN_DELAY, tooLong);
    }

    function test_TestTokenHasSixDecimals() public view {
        assertEq(token.decimals(), 6);
        assertEq(token.totalSupply(), SUPPLY);
        assertEq(token.balanceOf(operator), SUPPLY);
    }

    /*//////////////////////////////////////////////////////////////
                                 SETTLE
    //////////////////////////////////////////////////////////////*/

    function test_Settle() public {
        _fund(600);
        bytes32[] memory tree = _tree3(100, 200, 300);
        bytes32 root = MerkleBuilder.root(tree);

        vm.expectEmit(true, true, true, true, address(payouts));
        emit IMurmurPayouts.BatchSettled(1, root, 600, 0, _manifest(1), START + WINDOW);
        vm.prank(operator);
        payouts.settle(1, root, 600, 0, _manifest(1));

        (bytes32 r, uint256 total, uint64 settledAt, uint64 claimableAt, bool vetoed) = payouts.batches(1);
        assertEq(r, root);
        assertEq(total, 600);
        assertEq(settledAt, START);
        assertEq(claimableAt, START + WINDOW);
        assertFalse(vetoed);
        assertEq(payouts.lastBatchId(), 1);
        assertEq(payouts.settledCumulativeTotal(), 600);
        assertEq(payouts.latestClaimableBatchId(), 0, "not claimable inside the window");
    }

    function test_Settle_SequentialBatches() public {
        _settleClaimable(100, 200, 300);
        _settleClaimable(150, 200, 400);
        assertEq(payouts.lastBatchId(), 2);
        assertEq(payouts.latestClaimableBatchId(), 2);
        assertEq(payouts.settledCumulativeTotal(), 750);
    }

    function test_Settle_EqualCumulativeTotal() public {
        _settleClaimable(100, 200, 300);
        _settleClaimable(100, 200, 300);
        assertEq(payouts.lastBatchId(), 2);
    }

    function test_Settle_CountsClaimedTowardSolvency() public {
        bytes32[] memory tree = _settleClaimable(100, 200, 300);
        payouts.claim(alice, 100, _proof(tree, alice, 100));
        assertEq(token.balanceOf(address(payouts)), 500);
        // 500 held + 100 claimed covers a cumulative total of 600 without a new deposit.
        _settle(MerkleBuilder.root(_tree3(100, 200, 300)), 600);
        assertEq(payouts.lastBatchId(), 2);
    }

    function test_Settle_EscrowPartFromReaderDeposits() public {
        _fund(400);
        _depositEscrow(stranger, 200);
        vm.expectEmit(true, true, true, true, address(payouts));
        emit IMurmurPayouts.BatchSettled(1, bytes32(uint256(1)), 600, 200, _manifest(1), START + WINDOW);
        vm.prank(operator);
        payouts.settle(1, bytes32(uint256(1)), 600, 200, _manifest(1));
        assertEq(payouts.settledCumulativeTotal(), 600);
    }

    function test_RevertWhen_SettleCountsTokensSentWithoutFunding() public {
        _fund(100);
        vm.prank(operator);
        require(token.transfer(address(payouts), 500), "transfer");
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsRewardPoolExceeded.selector, 100, 600));
        vm.prank(operator);
        payouts.settle(1, bytes32(uint256(1)), 600, 0, _manifest(1));
    }

    function test_RevertWhen_ReaderDepositsPayRewards() public {
        // 10,000 of reader deposits sit in the contract, but the reward part is only covered by funding.
        _fund(100);
        _depositEscrow(stranger, 10_000);
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsRewardPoolExceeded.selector, 100, 600));
        vm.prank(operator);
        payouts.settle(1, bytes32(uint256(1)), 600, 0, _manifest(1));
    }

    function test_RevertWhen_EscrowPartAboveDeposits() public {
        _fund(10_000);
        _depositEscrow(stranger, 99);
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsEscrowExceeded.selector, 99, 100));
        vm.prank(operator);
        payouts.settle(1, bytes32(uint256(1)), 600, 100, _manifest(1));
    }

    function test_RevertWhen_EscrowPartAboveTotal() public {
        _depositEscrow(stranger, 1_000);
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsEscrowAboveTotal.selector, 601, 600));
        vm.prank(operator);
        payouts.settle(1, bytes32(uint256(1)), 600, 601, _manifest(1));
    }

    function test_RevertWhen_SettleWhileBatchPending() public {
        _fund(1_000);
        uint64 first = _settle(MerkleBuilder.root(_tree3(100, 200, 300)), 600);
        vm.warp(START + WINDOW - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsBatchPending.selector, first, START + WINDOW)
        );
        vm.prank(operator);
        payouts.settle(2, bytes32(uint256(2)), 700, 0, _manifest(2));
        vm.warp(START + WINDOW);
        assertEq(_settle(MerkleBuilder.root(_tree3(100, 200, 400)), 700), 2, "accepted once the window closed");
    }

    function test_Settle_AfterVetoOfPendingBatch() public {
        _fund(1_000);
        uint64 first = _settle(MerkleBuilder.root(_tree3(100, 200, 300)), 600);
        vm.prank(auditor);
        payouts.veto(first);
        assertEq(_settle(MerkleBuilder.root(_tree3(100, 200, 400)), 700), 2, "a vetoed batch no longer blocks");
    }

    function test_Settle_ZeroWindowIsClaimableAtOnce() public {
        _deploy(0);
        _fund(600);
        uint64 id = _settle(MerkleBuilder.root(_tree3(100, 200, 300)), 600);
        assertEq(payouts.latestClaimableBatchId(), id);
    }

    function test_RevertWhen_SettleCallerIsNotOperator() public {
        _fund(600);
        bytes32 operatorRole = payouts.OPERATOR_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, operatorRole)
        );
        vm.prank(stranger);
        payouts.settle(1, bytes32(uint256(1)), 600, 0, _manifest(1));
    }

    function test_RevertWhen_SettlePaused() public {
        _fund(600);
        vm.prank(pauser);
        payouts.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(operator);
        payouts.settle(1, bytes32(uint256(1)), 600, 0, _manifest(1));
    }

    function test_RevertWhen_BatchOutOfOrder() public {
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsBatchOutOfOrder.selector, 1, 2));
        vm.prank(operator);
        payouts.settle(2, bytes32(uint256(1)), 0, 0, _manifest(2));
    }

    function test_RevertWhen_BatchIdIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsBatchOutOfOrder.selector, 1, 0));
        vm.prank(operator);
        payouts.settle(0, bytes32(uint256(1)), 0, 0, _manifest(0));
    }

    function test_RevertWhen_BatchIdRepeated() public {
        _settleClaimable(1, 2, 3);
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsBatchOutOfOrder.selector, 2, 1));
        vm.prank(operator);
        payouts.settle(1, bytes32(uint256(1)), 6, 0, _manifest(1));
    }

    function test_RevertWhen_RootIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsZeroRoot.selector, 1));
        vm.prank(operator);
        payouts.settle(1, bytes32(0), 0, 0, _manifest(1));
    }

    function test_RevertWhen_CumulativeTotalTooLarge() public {
        uint256 tooLarge = payouts.MAX_AMOUNT() + 1;
        vm.expectRevert(
            abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsAmountTooLarge.selector, tooLarge, payouts.MAX_AMOUNT())
        );
        vm.prank(operator);
        payouts.settle(1, bytes32(uint256(1)), tooLarge, 0, _manifest(1));
    }

    function test_RevertWhen_CumulativeDecreased() public {
        _settleClaimable(100, 200, 300);
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsCumulativeDecreased.selector, 600, 599));
        vm.prank(operator);
        payouts.settle(2, bytes32(uint256(1)), 599, 0, _manifest(2));
    }

    function test_RevertWhen_RewardPoolExceeded() public {
        _fund(599);
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsRewardPoolExceeded.selector, 599, 600));
        vm.prank(operator);
        payouts.settle(1, bytes32(uint256(1)), 600, 0, _manifest(1));
    }

    function test_RevertWhen_RewardPoolExceededAfterClaims() public {
        bytes32[] memory tree = _settleClaimable(100, 200, 300);
        payouts.claim(bob, 200, _proof(tree, bob, 200));
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsRewardPoolExceeded.selector, 600, 601));
        vm.prank(operator);
        payouts.settle(2, bytes32(uint256(1)), 601, 0, _manifest(2));
    }

    /*//////////////////////////////////////////////////////////////
                                  VETO
    //////////////////////////////////////////////////////////////*/

    function test_Veto() public {
        _fund(600);
        uint64 id = _settle(MerkleBuilder.root(_tree3(100, 200, 300)), 600);

        vm.expectEmit(true, true, true, true, address(payouts));
        emit IMurmurPayouts.BatchVetoed(id, auditor);
        vm.prank(auditor);
        payouts.veto(id);

        (,,,, bool vetoed) = payouts.batches(id);
        assertTrue(vetoed);
        assertEq(payouts.settledCumulativeTotal(), 0, "falls back to no batch");
        vm.warp(block.timestamp + WINDOW + 1);
        assertEq(payouts.latestClaimableBatchId(), 0, "a vetoed batch never becomes claimable");
    }

    function test_Veto_LastSecondOfWindow() public {
        _fund(600);
        uint64 id = _settle(MerkleBuilder.root(_tree3(100, 200, 300)), 600);
        vm.warp(block.timestamp + WINDOW - 1);
        vm.prank(auditor);
        payouts.veto(id);
        (,,,, bool vetoed) = payouts.batches(id);
        assertTrue(vetoed);
    }

    function test_Veto_WhilePaused() public {
        _fund(600);
        uint64 id = _settle(MerkleBuilder.root(_tree3(100, 200, 300)), 600);
        vm.prank(pauser);
        payouts.pause();
        vm.prank(auditor);
        payouts.veto(id);
        (,,,, bool vetoed) = payouts.batches(id);
        assertTrue(vetoed);
    }

    function test_Veto_PreviousRootStaysClaimable() public {
        bytes32[] memory first = _settleClaimable(100, 200, 300);
        bytes32[] memory bad = _tree3(100, 9_000, 300);
        _fund(9_400 - 600);
        uint64 badId = _settle(MerkleBuilder.root(bad), 9_400);
        vm.prank(auditor);
        payouts.veto(badId);
        vm.warp(block.timestamp + WINDOW);

        assertEq(payouts.latestClaimableBatchId(), 1);
        assertEq(payouts.settledCumulativeTotal(), 600);
        assertEq(payouts.claim(bob, 200, _proof(first, bob, 200)), 200);
        vm.expectRevert(
            abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsInvalidProof.selector, uint64(1), bob, 9_000)
        );
        payouts.claim(bob, 9_000, _proof(bad, bob, 9_000));
    }

    function test_Veto_NextBatchIsCheckedAgainstPreviousStandingBatch() public {
        _settleClaimable(100, 200, 300);
        _fund(10_000);
        uint64 badId = _settle(MerkleBuilder.root(_tree3(100, 9_000, 300)), 9_400);
        vm.prank(auditor);
        payouts.veto(badId);
        // 700 < 9,400 but >= 600, the total of the last standing batch.
        uint64 next = _settle(MerkleBuilder.root(_tree3(100, 300, 300)), 700);
        assertEq(next, 3);
        assertEq(payouts.settledCumulativeTotal(), 700);
    }

    function test_Veto_ManyVetoedBatchesKeepTheStandingOne() public {
        bytes32[] memory first = _settleClaimable(100, 200, 300);
        _fund(10_000);
        for (uint256 i = 0; i < 20; i++) {
            uint64 bad = _settle(bytes32(uint256(1_000 + i)), 9_000);
            vm.prank(auditor);
            payouts.veto(bad);
        }
        assertEq(payouts.latestClaimableBatchId(), 1);
        assertEq(payouts.settledCumulativeTotal(), 600);
        assertEq(payouts.claim(alice, 100, _proof(first, alice, 100)), 100);
    }

    function test_RevertWhen_VetoCallerIsNotAuditor() public {
        _fund(600);
        uint64 id = _settle(MerkleBuilder.root(_tree3(100, 200, 300)), 600);
        bytes32 auditorRole = payouts.AUDITOR_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, operator, auditorRole)
        );
        vm.prank(operator);
        payouts.veto(id);
    }

    function test_RevertWhen_VetoUnknownBatch() public {
        _settleClaimable(1, 2, 3);
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsUnknownBatch.selector, 2, 1));
        vm.prank(auditor);
        payouts.veto(2);
    }

    function test_RevertWhen_VetoBatchZero() public {
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsUnknownBatch.selector, 0, 0));
        vm.prank(auditor);
        payouts.veto(0);
    }

    function test_RevertWhen_VetoAlreadyVetoed() public {
        _fund(600);
        uint64 id = _settle(MerkleBuilder.root(_tree3(100, 200, 300)), 600);
        vm.startPrank(auditor);
        payouts.veto(id);
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsAlreadyVetoed.selector, id));
        payouts.veto(id);
        vm.stopPrank();
    }

    function test_RevertWhen_VetoAfterWindow() public {
        _fund(600);
        uint64 id = _settle(MerkleBuilder.root(_tree3(100, 200, 300)), 600);
        uint256 claimableAt = START + WINDOW;
        vm.warp(claimableAt);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMurmurPayouts.MurmurPayoutsChallengeWindowClosed.selector, id, claimableAt, claimableAt
            )
        );
        vm.prank(auditor);
        payouts.veto(id);
    }

    function test_RevertWhen_VetoWithZeroWindow() public {
        _deploy(0);
        _fund(600);
        uint64 id = _settle(MerkleBuilder.root(_tree3(100, 200, 300)), 600);
        vm.expectRevert(
            abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsChallengeWindowClosed.selector, id, START, START)
        );
        vm.prank(auditor);
        payouts.veto(id);
    }

    /*//////////////////////////////////////////////////////////////
                                 CLAIM
    //////////////////////////////////////////////////////////////*/

    function test_Claim() public {
        bytes32[] memory tree = _settleClaimable(100, 200, 300);

        vm.expectEmit(true, true, true, true, address(payouts));
        emit IMurmurPayouts.Claimed(alice, 1, 100, 100);
        vm.prank(alice);
        uint256 paid = payouts.claim(alice, 100, _proof(tree, alice, 100));

        assertEq(paid, 100);
        assertEq(token.balanceOf(alice), 100);
        assertEq(payouts.claimed(alice), 100);
        assertEq(payouts.totalClaimed(), 100);
        assertEq(token.balanceOf(address(payouts)), 500);
    }

    function test_Claim_ByAnyonePaysTheAccount() public {
        bytes32[] memory tree = _settleClaimable(100, 200, 300);
        vm.prank(stranger);
        payouts.claim(carol, 300, _proof(tree, carol, 300));
        assertEq(token.balanceOf(carol), 300);
        assertEq(token.balanceOf(stranger), 0);
    }

    function test_Claim_PaysOnlyTheDifferenceAcrossBatches() public {
        bytes32[] memory first = _settleClaimable(100, 200, 300);
        payouts.claim(alice, 100, _proof(first, alice, 100));
        bytes32[] memory second = _settleClaimable(250, 200, 300);

        vm.expectEmit(true, true, true, true, address(payouts));
        emit IMurmurPayouts.Claimed(alice, 2, 150, 250);
        uint256 paid = payouts.claim(alice, 250, _proof(second, alice, 250));

        assertEq(paid, 150);
        assertEq(token.balanceOf(alice), 250);
        assertEq(payouts.claimed(alice), 250);
    }

    function test_Claim_OnceAfterManyBatches() public {
        _settleClaimable(100, 200, 300);
        _settleClaimable(200, 200, 300);
        bytes32[] memory third = _settleClaimable(300, 200, 300);
        assertEq(payouts.claim(alice, 300, _proof(third, alice, 300)), 300);
    }

    function test_Claim_UsesLatestClaimableWhileNextIsPending() public {
        bytes32[] memory first = _settleClaimable(100, 200, 300);
        bytes32[] memory pending = _tree3(500, 200, 300);
        _fund(400);
        _settle(MerkleBuilder.root(pending), 1_000);
        assertEq(payouts.latestClaimableBatchId(), 1);
        vm.expectRevert(
            abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsInvalidProof.selector, uint64(1), alice, 500)
        );
        payouts.claim(alice, 500, _proof(pending, alice, 500));
        assertEq(payouts.claim(alice, 100, _proof(first, alice, 100)), 100);
    }

    function test_Claim_SingleLeafTree() public {
        bytes32 leaf = MerkleBuilder.leaf(alice, 42);
        _fund(42);
        _settle(leaf, 42);
        vm.warp(block.timestamp + WINDOW);
        assertEq(payouts.claim(alice, 42, new bytes32[](0)), 42);
    }

    function test_RevertWhen_ClaimWithNoBatch() public {
        vm.expectRevert(IMurmurPayouts.MurmurPayoutsNoClaimableBatch.selector);
        payouts.claim(alice, 100, new bytes32[](0));
    }

    function test_RevertWhen_ClaimInsideWindow() public {
        bytes32[] memory tree = _tree3(100, 200, 300);
        _fund(600);
        _settle(MerkleBuilder.root(tree), 600);
        vm.warp(block.timestamp + WINDOW - 1);
        bytes32[] memory proof = _proof(tree, alice, 100);
        vm.expectRevert(IMurmurPayouts.MurmurPayoutsNoClaimableBatch.selector);
        payouts.claim(alice, 100, proof);
    }

    function test_RevertWhen_ClaimOnlyBatchVetoed() public {
        bytes32[] memory tree = _tree3(100, 200, 300);
        _fund(600);
        uint64 id = _settle(MerkleBuilder.root(tree), 600);
        vm.prank(auditor);
        payouts.veto(id);
        vm.warp(block.timestamp + WINDOW);
        bytes32[] memory proof = _proof(tree, alice, 100);
        vm.expectRevert(IMurmurPayouts.MurmurPayoutsNoClaimableBatch.selector);
        payouts.claim(alice, 100, proof);
    }

    function test_RevertWhen_ClaimInvalidProof() public {
        bytes32[] memory tree = _settleClaimable(100, 200, 300);
        bytes32[] memory bobsProof = _proof(tree, bob, 200);
        vm.expectRevert(
            abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsInvalidProof.selector, uint64(1), alice, 100)
        );
        payouts.claim(alice, 100, bobsProof);
    }

    function test_RevertWhen_ClaimInflatedAmount() public {
        bytes32[] memory tree = _settleClaimable(100, 200, 300);
        bytes32[] memory proof = _proof(tree, alice, 100);
        vm.expectRevert(
            abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsInvalidProof.selector, uint64(1), alice, 101)
        );
        payouts.claim(alice, 101, proof);
    }

    function test_RevertWhen_ClaimForAnotherAccount() public {
        bytes32[] memory tree = _settleClaimable(100, 200, 300);
        bytes32[] memory proof = _proof(tree, alice, 100);
        vm.expectRevert(
            abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsInvalidProof.selector, uint64(1), stranger, 100)
        );
        payouts.claim(stranger, 100, proof);
    }

    function test_RevertWhen_ClaimTwice() public {
        bytes32[] memory tree = _settleClaimable(100, 200, 300);
        bytes32[] memory proof = _proof(tree, alice, 100);
        payouts.claim(alice, 100, proof);
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsNothingToClaim.selector, alice, 100, 100));
        payouts.claim(alice, 100, proof);
    }

    function test_RevertWhen_ClaimZeroEntitlement() public {
        bytes32[] memory tree = _settleClaimable(0, 200, 300);
        bytes32[] memory proof = _proof(tree, alice, 0);
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsNothingToClaim.selector, alice, 0, 0));
        payouts.claim(alice, 0, proof);
    }

    function test_RevertWhen_ClaimPaused() public {
        bytes32[] memory tree = _settleClaimable(100, 200, 300);
        bytes32[] memory proof = _proof(tree, alice, 100);
        vm.prank(pauser);
        payouts.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        payouts.claim(alice, 100, proof);
    }

    function test_RevertWhen_ClaimExceedsBatchTotal() public {
        // A malformed batch: the leaves add up to 600 but the declared total is 300.
        bytes32[] memory tree = _tree3(100, 200, 300);
        _fund(1_000);
        _settle(MerkleBuilder.root(tree), 300);
        vm.warp(block.timestamp + WINDOW);
        payouts.claim(bob, 200, _proof(tree, bob, 200));
        bytes32[] memory proof = _proof(tree, carol, 300);
        vm.expectRevert(
            abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsClaimExceedsBatchTotal.selector, uint64(1), 500, 300)
        );
        payouts.claim(carol, 300, proof);
    }

    function test_RevertWhen_ClaimReentered() public {
        ReentrantToken hostile = new ReentrantToken(operator, 1_000);
        MurmurPayouts victim = new MurmurPayouts(hostile, admin, ADMIN_DELAY, 0);
        bytes32 operatorRole = victim.OPERATOR_ROLE();
        vm.prank(admin);
        victim.grantRole(operatorRole, operator);
        bytes32[] memory tree = _tree3(100, 200, 300);
        vm.startPrank(operator);
        hostile.approve(address(victim), 600);
        victim.fundRewards(600);
        victim.settle(1, MerkleBuilder.root(tree), 600, 0, _manifest(1));
        vm.stopPrank();

        // Paying alice makes the token call claim for bob from inside the transfer.
        hostile.arm(address(victim), abi.encodeCall(victim.claim, (bob, 200, _proof(tree, bob, 200))));
        bytes32[] memory proof = _proof(tree, alice, 100);
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        victim.claim(alice, 100, proof);
    }

    /*//////////////////////////////////////////////////////////////
                                DEPOSIT
    //////////////////////////////////////////////////////////////*/

    function test_Deposit() public {
        vm.prank(operator);
        require(token.transfer(stranger, 1_000e6), "transfer");
        vm.startPrank(stranger);
        token.approve(address(payouts), 1_000e6);
        vm.expectEmit(true, true, true, true, address(payouts));
        emit IMurmurPayouts.Deposited(stranger, 1_000e6);
        payouts.deposit(1_000e6);
        vm.stopPrank();
        assertEq(token.balanceOf(address(payouts)), 1_000e6);
        assertEq(payouts.escrowDeposited(), 1_000e6);
        assertEq(payouts.rewardFunded(), 0, "reader deposits are not reward funding");
    }

    function test_FundRewards() public {
        vm.expectEmit(true, true, true, true, address(payouts));
        emit IMurmurPayouts.RewardsFunded(operator, 1_000e6);
        _fund(1_000e6);
        assertEq(token.balanceOf(address(payouts)), 1_000e6);
        assertEq(token.balanceOf(operator), SUPPLY - 1_000e6);
        assertEq(payouts.rewardFunded(), 1_000e6);
        assertEq(payouts.escrowDeposited(), 0);
    }

    function test_RevertWhen_DepositTotalAboveMaxAmount() public {
        MurmurTestToken big = new MurmurTestToken(address(this), type(uint256).max);
        MurmurPayouts bigPayouts = new MurmurPayouts(big, admin, ADMIN_DELAY, WINDOW);
        big.approve(address(bigPayouts), type(uint256).max);
        uint256 max = bigPayouts.MAX_AMOUNT();
        bigPayouts.deposit(max);
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsAmountTooLarge.selector, max + 1, max));
        bigPayouts.deposit(1);
        bigPayouts.fundRewards(max);
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsAmountTooLarge.selector, max + 1, max));
        bigPayouts.fundRewards(1);
    }

    function test_RevertWhen_DepositZero() public {
        vm.expectRevert(IMurmurPayouts.MurmurPayoutsZeroDeposit.selector);
        _fund(0);
        vm.expectRevert(IMurmurPayouts.MurmurPayoutsZeroDeposit.selector);
        payouts.deposit(0);
    }

    function test_RevertWhen_DepositWithoutAllowance() public {
        vm.prank(operator);
        require(token.transfer(stranger, 10), "transfer");
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(payouts), 0, 10)
        );
        vm.prank(stranger);
        payouts.deposit(10);
    }

    function test_RevertWhen_DepositPaused() public {
        vm.prank(pauser);
        payouts.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        _fund(10);
    }

    /*//////////////////////////////////////////////////////////////
                             ADMINISTRATION
    //////////////////////////////////////////////////////////////*/

    function test_SetChallengeWindow_RaiseAppliesAtOnce() public {
        vm.expectEmit(true, true, true, true, address(payouts));
        emit IMurmurPayouts.ChallengeWindowUpdated(WINDOW, 2 days);
        vm.prank(admin);
        payouts.setChallengeWindow(2 days);
        assertEq(payouts.challengeWindow(), 2 days);
    }

    function test_SetChallengeWindow_LowerWaitsOneWindow() public {
        vm.expectEmit(true, true, true, true, address(payouts));
        emit IMurmurPayouts.ChallengeWindowDecreaseScheduled(WINDOW, 1 hours, START + WINDOW);
        vm.prank(admin);
        payouts.setChallengeWindow(1 hours);
        assertEq(payouts.challengeWindow(), WINDOW, "not lowered yet");
        (uint64 window, uint64 effectiveAt) = payouts.pendingChallengeWindow();
        assertEq(window, 1 hours);
        assertEq(effectiveAt, START + WINDOW);

        vm.warp(START + WINDOW - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMurmurPayouts.MurmurPayoutsNoWindowChangeDue.selector, START + WINDOW, START + WINDOW - 1
            )
        );
        payouts.applyChallengeWindow();

        vm.warp(START + WINDOW);
        vm.expectEmit(true, true, true, true, address(payouts));
        emit IMurmurPayouts.ChallengeWindowUpdated(WINDOW, 1 hours);
        vm.prank(stranger);
        payouts.applyChallengeWindow();
        assertEq(payouts.challengeWindow(), 1 hours);
        (window, effectiveAt) = payouts.pendingChallengeWindow();
        assertEq(effectiveAt, 0, "nothing scheduled any more");
    }

    function test_SetChallengeWindow_RaiseCancelsScheduledDecrease() public {
        vm.startPrank(admin);
        payouts.setChallengeWindow(0);
        payouts.setChallengeWindow(WINDOW);
        vm.stopPrank();
        (, uint64 effectiveAt) = payouts.pendingChallengeWindow();
        assertEq(effectiveAt, 0);
        vm.warp(START + WINDOW);
        vm.expectRevert(
            abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsNoWindowChangeDue.selector, 0, START + WINDOW)
        );
        payouts.applyChallengeWindow();
        assertEq(payouts.challengeWindow(), WINDOW);
    }

    function test_SetChallengeWindow_NeverShortensASettledBatch() public {
        _fund(700);
        uint64 first = _settle(MerkleBuilder.root(_tree3(100, 200, 300)), 600);
        vm.prank(admin);
        payouts.setChallengeWindow(0);
        vm.warp(START + WINDOW);
        payouts.applyChallengeWindow();
        (,,, uint64 firstClaimableAt,) = payouts.batches(first);
        assertEq(firstClaimableAt, START + WINDOW, "the settled batch keeps its window");
        uint64 second = _settle(MerkleBuilder.root(_tree3(100, 300, 300)), 700);
        (,,, uint64 secondClaimableAt,) = payouts.batches(second);
        assertEq(secondClaimableAt, START + WINDOW, "later batches get the lower window");
        assertEq(payouts.latestClaimableBatchId(), second);
    }

    function test_RevertWhen_SetChallengeWindowCallerIsNotAdmin() public {
        bytes32 adminRole = payouts.DEFAULT_ADMIN_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, operator, adminRole)
        );
        vm.prank(operator);
        payouts.setChallengeWindow(0);
    }

    function test_RevertWhen_SetChallengeWindowTooLong() public {
        uint64 max = payouts.MAX_CHALLENGE_WINDOW();
        vm.expectRevert(
            abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsChallengeWindowTooLong.selector, max + 1, max)
        );
        vm.prank(admin);
        payouts.setChallengeWindow(max + 1);
    }

    function test_PauseAndUnpause() public {
        vm.expectEmit(true, true, true, true, address(payouts));
        emit Pausable.Paused(pauser);
        vm.prank(pauser);
        payouts.pause();
        assertTrue(payouts.paused());

        vm.expectEmit(true, true, true, true, address(payouts));
        emit Pausable.Unpaused(pauser);
        vm.prank(pauser);
        payouts.unpause();
        assertFalse(payouts.paused());
    }

    function test_RevertWhen_PauseCallerIsNotPauser() public {
        bytes32 pauserRole = payouts.PAUSER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, admin, pauserRole)
        );
        vm.prank(admin);
        payouts.pause();
    }

    function test_RevertWhen_UnpauseCallerIsNotPauser() public {
        vm.prank(pauser);
        payouts.pause();
        bytes32 pauserRole = payouts.PAUSER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, pauserRole)
        );
        vm.prank(stranger);
        payouts.unpause();
    }

    function test_RevertWhen_PauseTwice() public {
        vm.startPrank(pauser);
        payouts.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        payouts.pause();
        vm.stopPrank();
    }

    function test_RevertWhen_UnpauseNotPaused() public {
        vm.expectRevert(Pausable.ExpectedPause.selector);
        vm.prank(pauser);
        payouts.unpause();
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    function test_Claimable() public {
        bytes32[] memory tree = _tree3(100, 200, 300);
        bytes32[] memory proof = _proof(tree, alice, 100);
        assertEq(payouts.claimable(alice, 100, proof), 0, "no batch");

        _fund(600);
        _settle(MerkleBuilder.root(tree), 600);
        assertEq(payouts.claimable(alice, 100, proof), 0, "inside the window");

        vm.warp(block.timestamp + WINDOW);
        assertEq(payouts.claimable(alice, 100, proof), 100);
        assertEq(payouts.claimable(alice, 101, proof), 0, "invalid proof");

        vm.prank(pauser);
        payouts.pause();
        assertEq(payouts.claimable(alice, 100, proof), 0, "paused");
        vm.prank(pauser);
        payouts.unpause();

        payouts.claim(alice, 100, proof);
        assertEq(payouts.claimable(alice, 100, proof), 0, "already claimed");
    }

    function test_Claimable_ZeroWhenClaimWouldExceedBatchTotal() public {
        bytes32[] memory tree = _tree3(100, 200, 300);
        _fund(1_000);
        _settle(MerkleBuilder.root(tree), 300);
        vm.warp(block.timestamp + WINDOW);
        payouts.claim(bob, 200, _proof(tree, bob, 200));
        assertEq(payouts.claimable(carol, 300, _proof(tree, carol, 300)), 0);
        assertEq(payouts.claimable(alice, 100, _proof(tree, alice, 100)), 100);
    }

    function test_Batches_UnknownIsZero() public view {
        (bytes32 root, uint256 total, uint64 settledAt, uint64 claimableAt, bool vetoed) = payouts.batches(7);
        assertEq(root, bytes32(0));
        assertEq(total, 0);
        assertEq(settledAt, 0);
        assertEq(claimableAt, 0);
        assertFalse(vetoed);
    }

    function test_SupportsAccessControlInterface() public view {
        assertTrue(payouts.supportsInterface(type(IAccessControl).interfaceId));
        assertTrue(payouts.supportsInterface(type(IAccessControlDefaultAdminRules).interfaceId));
    }

    /*//////////////////////////////////////////////////////////////
                                  FUZZ
    //////////////////////////////////////////////////////////////*/

    function testFuzz_Settle_SolventTotal(uint256 funded, uint256 total) public {
        funded = bound(funded, 1, SUPPLY);
        total = bound(total, 0, funded);
        _fund(funded);
        _settle(bytes32(uint256(1)), total);
        assertEq(payouts.settledCumulativeTotal(), total);
    }

    function testFuzz_RevertWhen_RewardPoolExceeded(uint256 funded, uint256 total) public {
        funded = bound(funded, 0, SUPPLY - 1);
        total = bound(total, funded + 1, payouts.MAX_AMOUNT());
        if (funded > 0) _fund(funded);
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsRewardPoolExceeded.selector, funded, total));
        vm.prank(operator);
        payouts.settle(1, bytes32(uint256(1)), total, 0, _manifest(1));
    }

    function testFuzz_RevertWhen_BatchOutOfOrder(uint64 given) public {
        _settleClaimable(1, 2, 3);
        given = uint64(bound(given, 0, type(uint64).max - 1));
        if (given >= 2) given++; // anything but 2
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsBatchOutOfOrder.selector, 2, given));
        vm.prank(operator);
        payouts.settle(given, bytes32(uint256(1)), 6, 0, _manifest(given));
    }

    function testFuzz_RevertWhen_CumulativeDecreased(uint256 previous, uint256 given) public {
        previous = bound(previous, 1, SUPPLY);
        given = bound(given, 0, previous - 1);
        _fund(previous);
        _settle(bytes32(uint256(1)), previous);
        vm.warp(block.timestamp + WINDOW);
        vm.expectRevert(
            abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsCumulativeDecreased.selector, previous, given)
        );
        vm.prank(operator);
        payouts.settle(2, bytes32(uint256(2)), given, 0, _manifest(2));
    }

    function testFuzz_Veto_InsideWindow(uint256 window, uint256 elapsed) public {
        window = bound(window, 1, payouts.MAX_CHALLENGE_WINDOW());
        elapsed = bound(elapsed, 0, window - 1);
        _deploy(SafeCast.toUint64(window));
        uint64 id = _settle(bytes32(uint256(1)), 0);
        vm.warp(block.timestamp + elapsed);
        vm.prank(auditor);
        payouts.veto(id);
        vm.warp(block.timestamp + window);
        assertEq(payouts.latestClaimableBatchId(), 0);
    }

    function testFuzz_RevertWhen_VetoAfterWindow(uint256 window, uint256 elapsed) public {
        window = bound(window, 0, payouts.MAX_CHALLENGE_WINDOW());
        elapsed = bound(elapsed, window, 10 * 365 days);
        _deploy(SafeCast.toUint64(window));
        uint64 id = _settle(bytes32(uint256(1)), 0);
        vm.warp(block.timestamp + elapsed);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMurmurPayouts.MurmurPayoutsChallengeWindowClosed.selector, id, START + window, START + elapsed
            )
        );
        vm.prank(auditor);
        payouts.veto(id);
    }

    function testFuzz_Claim_PaysDifference(uint256 first, uint256 second, uint256 other) public {
        // Within the operator's supply: at most 4e14 + 4e14 base units in the second batch.
        first = bound(first, 1, 4e14);
        second = bound(second, first, 4e14);
        other = bound(other, 0, 4e14);
        bytes32[] memory tree1 = _settleClaimable(first, other, 0);
        assertEq(payouts.claim(alice, first, _proof(tree1, alice, first)), first);
        bytes32[] memory tree2 = _settleClaimable(second, other, 0);
        bytes32[] memory proof2 = _proof(tree2, alice, second);
        if (second == first) {
            vm.expectRevert(
                abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsNothingToClaim.selector, alice, second, first)
            );
            payouts.claim(alice, second, proof2);
        } else {
            assertEq(payouts.claim(alice, second, proof2), second - first);
        }
        assertEq(token.balanceOf(alice), second);
        assertEq(payouts.claimed(alice), second);
    }

    function testFuzz_Claim_AnyLeafOfTree(uint256 size, uint256 pick, uint256 seed) public {
        size = bound(size, 1, 24);
        pick = bound(pick, 0, size - 1);
        address[] memory accounts = new address[](size);
        uint256[] memory amounts = new uint256[](size);
        uint256 total;
        for (uint256 i = 0; i < size; i++) {
            accounts[i] = address(uint160(uint256(keccak256(abi.encode(seed, "account", i)))));
            amounts[i] = bound(uint256(keccak256(abi.encode(seed, "amount", i))), 1, 1e12);
            total += amounts[i];
        }
        bytes32[] memory tree = MerkleBuilder.build(MerkleBuilder.leaves(accounts, amounts));
        _fund(total);
        _settle(MerkleBuilder.root(tree), total);
        vm.warp(block.timestamp + WINDOW);

        bytes32[] memory proof = _proof(tree, accounts[pick], amounts[pick]);
        assertEq(payouts.claimable(accounts[pick], amounts[pick], proof), amounts[pick]);
        assertEq(payouts.claim(accounts[pick], amounts[pick], proof), amounts[pick]);
        assertEq(token.balanceOf(accounts[pick]), amounts[pick]);
    }

    function testFuzz_MerkleBuilder_ProofsVerifyWithOpenZeppelin(uint256 size, uint256 seed) public pure {
        size = bound(size, 1, 33);
        bytes32[] memory leaves = new bytes32[](size);
        for (uint256 i = 0; i < size; i++) {
            leaves[i] = MerkleBuilder.leaf(
                address(uint160(uint256(keccak256(abi.encode(seed, i))))), uint256(keccak256(abi.encode(i, seed)))
            );
        }
        bytes32[] memory tree = MerkleBuilder.build(leaves);
        for (uint256 i = 0; i < size; i++) {
            assertTrue(MerkleProof.verify(MerkleBuilder.proof(tree, leaves[i]), tree[0], leaves[i]));
        }
    }
}

