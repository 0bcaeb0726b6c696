// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {
    IAccessControlDefaultAdminRules
} from "@openzeppelin/contracts/access/extensions/IAccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IMurmurPayouts} from "../src/IMurmurPayouts.sol";
import {MurmurPayouts} from "../src/MurmurPayouts.sol";
import {FeeOnTransferToken, RebasingBlocklistToken, SenderFeeToken} from "./utils/HostileTokens.sol";
import {MerkleBuilder} from "./utils/MerkleBuilder.sol";
import {PayoutsFixture} from "./utils/PayoutsFixture.sol";

/// @notice What the contract guarantees even against its own admin and operator (issue #12, section 4;
/// docs/security.md, "What the contract guarantees").
contract MurmurPayoutsGuaranteesTest is PayoutsFixture {
    /*//////////////////////////////////////////////////////////////
                        ADMIN ROLE: TWO STEPS, DELAYED
    //////////////////////////////////////////////////////////////*/

    function test_AdminTransfer_TwoStepsWithDelay() public {
        address next = makeAddr("next admin");
        vm.prank(admin);
        payouts.beginDefaultAdminTransfer(next);
        assertEq(payouts.defaultAdmin(), admin, "nothing moves on the first step");

        uint48 schedule = SafeCast.toUint48(START + ADMIN_DELAY);
        vm.warp(schedule - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControlDefaultAdminRules.AccessControlEnforcedDefaultAdminDelay.selector, schedule
            )
        );
        vm.prank(next);
        payouts.acceptDefaultAdminTransfer();

        vm.warp(schedule + 1);
        vm.prank(next);
        payouts.acceptDefaultAdminTransfer();
        assertEq(payouts.defaultAdmin(), next);
        assertFalse(payouts.hasRole(payouts.DEFAULT_ADMIN_ROLE(), admin));
    }

    function test_RevertWhen_AdminGrantedDirectly() public {
        bytes32 adminRole = payouts.DEFAULT_ADMIN_ROLE();
        vm.expectRevert(IAccessControlDefaultAdminRules.AccessControlEnforcedDefaultAdminRules.selector);
        vm.prank(admin);
        payouts.grantRole(adminRole, stranger);
    }

    function test_RevertWhen_AdminTransferAcceptedByAnotherAccount() public {
        vm.prank(admin);
        payouts.beginDefaultAdminTransfer(makeAddr("next admin"));
        vm.warp(START + ADMIN_DELAY);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControlDefaultAdminRules.AccessControlInvalidDefaultAdmin.selector, stranger)
        );
        vm.prank(stranger);
        payouts.acceptDefaultAdminTransfer();
    }

    function test_Constructor_AdminDelay() public view {
        assertEq(payouts.defaultAdminDelay(), ADMIN_DELAY);
        assertEq(payouts.defaultAdmin(), admin);
    }

    /*//////////////////////////////////////////////////////////////
                 CHALLENGE WINDOW: NEVER SHORTER FOR A SETTLED BATCH
    //////////////////////////////////////////////////////////////*/

    function testFuzz_SetChallengeWindow_NeverShortensASettledBatch(uint256 lower, uint256 waited) public {
        lower = bound(lower, 0, WINDOW - 1);
        waited = bound(waited, 0, 3 * WINDOW);
        _fund(600);
        uint64 id = _settle(bytes32(uint256(1)), 600);
        vm.prank(admin);
        payouts.setChallengeWindow(SafeCast.toUint64(lower));
        vm.warp(block.timestamp + waited);
        // forge-lint: disable-next-line(block-timestamp)
        if (waited >= WINDOW) payouts.applyChallengeWindow();
        (,,, uint64 claimableAt,) = payouts.batches(id);
        assertEq(claimableAt, START + WINDOW, "the settled batch keeps its window");
        assertEq(payouts.challengeWindow(), waited >= WINDOW ? lower : WINDOW, "lowered only after one window");
        // Still vetoable until its own window ends, whatever the admin did.
        if (waited < WINDOW) {
            vm.prank(auditor);
            payouts.veto(id);
        }
    }

    function testFuzz_RevertWhen_LowerWindowAppliedEarly(uint256 lower, uint256 waited) public {
        lower = bound(lower, 0, WINDOW - 1);
        waited = bound(waited, 0, WINDOW - 1);
        vm.prank(admin);
        payouts.setChallengeWindow(SafeCast.toUint64(lower));
        vm.warp(START + waited);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMurmurPayouts.MurmurPayoutsNoWindowChangeDue.selector, START + WINDOW, START + waited
            )
        );
        payouts.applyChallengeWindow();
    }

    /*//////////////////////////////////////////////////////////////
                    ONE BATCH IN ITS WINDOW AT A TIME
    //////////////////////////////////////////////////////////////*/

    function testFuzz_RevertWhen_SettleWhileBatchPending(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, WINDOW - 1);
        _fund(10_000);
        uint64 first = _settle(bytes32(uint256(1)), 600);
        vm.warp(START + elapsed);
        vm.expectRevert(
            abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsBatchPending.selector, first, START + WINDOW)
        );
        vm.prank(operator);
        payouts.settle(2, bytes32(uint256(2)), 9_000, 0, _manifest(2));
    }

    function test_Veto_BadBatchCannotBeCarriedByALaterOne() public {
        // The bad batch pays bob 9,000. A later batch containing it cannot be settled while the bad one
        // is vetoable, so the veto keeps the 9,000 from ever being claimable.
        bytes32[] memory first = _settleClaimable(100, 200, 300);
        _fund(20_000);
        bytes32[] memory bad = _tree3(100, 9_000, 300);
        uint64 badId = _settle(MerkleBuilder.root(bad), 9_400);
        bytes32[] memory carrier = _tree3(200, 9_000, 300);
        vm.expectRevert(
            abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsBatchPending.selector, badId, block.timestamp + WINDOW)
        );
        vm.prank(operator);
        payouts.settle(3, MerkleBuilder.root(carrier), 9_500, 0, _manifest(3));
        vm.prank(auditor);
        payouts.veto(badId);
        vm.warp(block.timestamp + 10 * WINDOW);
        assertEq(payouts.latestClaimableBatchId(), 1);
        assertEq(payouts.claim(bob, 200, _proof(first, bob, 200)), 200);
        assertEq(payouts.claimable(bob, 9_000, _proof(bad, bob, 9_000)), 0);
    }

    /*//////////////////////////////////////////////////////////////
                     READER DEPOSITS NEVER PAY REWARDS
    //////////////////////////////////////////////////////////////*/

    function testFuzz_RevertWhen_RewardPartAboveRewardPool(
        uint256 funded,
        uint256 deposited,
        uint256 escrow,
        uint256 total
    ) public {
        funded = bound(funded, 0, 1_000_000e6);
        deposited = bound(deposited, 1, 1_000_000e6);
        escrow = bound(escrow, 0, deposited);
        total = bound(total, escrow + funded + 1, escrow + funded + 1_000_000e6);
        if (funded > 0) _fund(funded);
        _depositEscrow(stranger, deposited);
        // However much readers deposited, the reward part (total - escrow) must fit the reward pool.
        vm.expectRevert(
            abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsRewardPoolExceeded.selector, funded, total - escrow)
        );
        vm.prank(operator);
        payouts.settle(1, bytes32(uint256(1)), total, escrow, _manifest(1));
    }

    function testFuzz_Settle_PartsWithinTheirPools(uint256 funded, uint256 deposited, uint256 escrow, uint256 reward)
        public
    {
        funded = bound(funded, 1, 1_000_000e6);
        deposited = bound(deposited, 1, 1_000_000e6);
        escrow = bound(escrow, 0, deposited);
        reward = bound(reward, 0, funded);
        _fund(funded);
        _depositEscrow(stranger, deposited);
        vm.prank(operator);
        payouts.settle(1, bytes32(uint256(1)), reward + escrow, escrow, _manifest(1));
        assertEq(payouts.settledCumulativeTotal(), reward + escrow);
    }

    function testFuzz_RevertWhen_EscrowPartAboveDeposits(uint256 deposited, uint256 escrow) public {
        deposited = bound(deposited, 0, 1_000_000e6);
        escrow = bound(escrow, deposited + 1, deposited + 1_000_000e6);
        _fund(2_000_000e6);
        if (deposited > 0) _depositEscrow(stranger, deposited);
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsEscrowExceeded.selector, deposited, escrow));
        vm.prank(operator);
        payouts.settle(1, bytes32(uint256(1)), escrow, escrow, _manifest(1));
    }

    /*//////////////////////////////////////////////////////////////
                     CLAIMS COST BOUNDED GAS
    //////////////////////////////////////////////////////////////*/

    function testFuzz_Claim_GasDoesNotGrowWithVetoedBatches(uint256 vetoed) public {
        vetoed = bound(vetoed, 0, 60);
        bytes32[] memory tree = _settleClaimable(100, 200, 300);
        _fund(10_000);
        for (uint256 i = 0; i < vetoed; i++) {
            uint64 bad = _settle(bytes32(uint256(1_000 + i)), 9_000);
            vm.prank(auditor);
            payouts.veto(bad);
        }
        _settle(bytes32(uint256(7)), 9_000); // and one pending
        bytes32[] memory proof = _proof(tree, alice, 100);
        uint256 before = gasleft();
        payouts.claimable(alice, 100, proof);
        uint256 used = before - gasleft();
        // Two batch reads at most: a walk over `vetoed` batches would cost at least 2,100 gas each.
        assertLe(used, 20_000, "claimable (and claim) read at most two batches");
        assertEq(payouts.latestClaimableBatchId(), 1);
        assertEq(payouts.claim(alice, 100, proof), 100);
    }

    /*//////////////////////////////////////////////////////////////
              FEE-ON-TRANSFER, REBASING AND BLOCKLISTING TOKENS
    //////////////////////////////////////////////////////////////*/

    function testFuzz_RevertWhen_FeeOnTransferToken(uint256 feeBps, uint256 amount) public {
        feeBps = bound(feeBps, 1, 1_000);
        amount = bound(amount, 10_000, 1_000_000e6);
        FeeOnTransferToken fee = new FeeOnTransferToken(address(this), type(uint128).max, feeBps);
        MurmurPayouts victim = new MurmurPayouts(fee, admin, ADMIN_DELAY, WINDOW);
        fee.approve(address(victim), type(uint256).max);
        uint256 received = amount - amount * feeBps / 10_000;
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsTransferMismatch.selector, amount, received));
        victim.fundRewards(amount);
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsTransferMismatch.selector, amount, received));
        victim.deposit(amount);
    }

    function test_RevertWhen_TokenRebasedDown() public {
        RebasingBlocklistToken rb = new RebasingBlocklistToken(address(this), 1_000_000);
        MurmurPayouts victim = new MurmurPayouts(rb, admin, ADMIN_DELAY, WINDOW);
        rb.approve(address(victim), type(uint256).max);
        victim.fundRewards(1_000);
        rb.shrink(address(victim), 10);
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsBalanceShortfall.selector, 990, 1_000));
        victim.deposit(100);
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsBalanceShortfall.selector, 990, 1_000));
        victim.fundRewards(100);
    }

    function test_RevertWhen_ClaimTransferTakesMoreThanTheAmount() public {
        SenderFeeToken sf = new SenderFeeToken(address(this), 1_000_000);
        MurmurPayouts victim = _victim(address(sf));
        sf.approve(address(victim), type(uint256).max);
        victim.fundRewards(1_000);
        bytes32[] memory tree = _tree3(100, 200, 300);
        vm.prank(operator);
        victim.settle(1, MerkleBuilder.root(tree), 600, 0, _manifest(1));
        vm.warp(block.timestamp + WINDOW);
        sf.charge();
        bytes32[] memory proof = _proof(tree, alice, 100);
        vm.expectRevert(abi.encodeWithSelector(IMurmurPayouts.MurmurPayoutsTransferMismatch.selector, 100, 101));
        victim.claim(alice, 100, proof);
    }

    function test_Claim_BlocklistedAccountBlocksOnlyItself() public {
        RebasingBlocklistToken rb = new RebasingBlocklistToken(address(this), 1_000_000);
        MurmurPayouts victim = _victim(address(rb));
        rb.approve(address(victim), type(uint256).max);
        victim.fundRewards(600);
        bytes32[] memory tree = _tree3(100, 200, 300);
        vm.prank(operator);
        victim.settle(1, MerkleBuilder.root(tree), 600, 0, _manifest(1));
        vm.warp(block.timestamp + WINDOW);
        rb.block_(bob);
        bytes32[] memory bobProof = _proof(tree, bob, 200);
        vm.expectRevert(bytes("blocklisted"));
        victim.claim(bob, 200, bobProof);
        assertEq(victim.claimed(bob), 0, "bob's amount stays owed");
        assertEq(victim.claim(alice, 100, _proof(tree, alice, 100)), 100, "others still claim");
        assertEq(victim.claim(carol, 300, _proof(tree, carol, 300)), 300);
    }

    function _victim(address t) internal returns (MurmurPayouts victim) {
        victim = new MurmurPayouts(IERC20(t), admin, ADMIN_DELAY, WINDOW);
        bytes32 role = victim.OPERATOR_ROLE();
        vm.prank(admin);
        victim.grantRole(role, operator);
    }
}
