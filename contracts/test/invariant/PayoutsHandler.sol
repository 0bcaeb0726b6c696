// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {MurmurPayouts} from "../../src/MurmurPayouts.sol";
import {MurmurTestToken} from "../../src/test/MurmurTestToken.sol";
import {MerkleBuilder} from "../utils/MerkleBuilder.sol";
import {Test} from "../utils/Test.sol";

/// @notice Drives MurmurPayouts the way the system does: the operator funds and settles batches of
/// growing cumulative entitlements, auditors veto some inside the window, anyone claims, and time
/// passes. Every action is valid (forge fails the run on a revert); ghost variables record what the
/// contract should hold so the invariants can compare.
contract PayoutsHandler is Test {
    uint256 internal constant ACCOUNTS = 4;
    uint256 internal constant MAX_RAISE = 1_000e6;

    MurmurPayouts public immutable payouts;
    MurmurTestToken public immutable token;
    address internal immutable operator;
    address internal immutable auditor;
    address internal immutable admin;

    address[ACCOUNTS] internal accounts;

    /// @dev Entitlements of each settled batch, by batch id and account index.
    mapping(uint64 batchId => uint256[ACCOUNTS]) internal entitled;
    mapping(uint64 batchId => bool) public ghostVetoed;

    // Ghost variables.
    uint256 public ghostDeposited;
    uint256 public ghostPaidOut;
    uint256 public ghostSettles;
    uint256 public ghostVetoes;
    uint256 public ghostClaims;
    uint256 public ghostStaleClaimsRejected;
    bool public ghostStaleClaimPaid;
    bool public ghostClaimedDecreased;
    bool public ghostWindowShortened;
    uint256 public ghostEscrowDeposited;
    uint256 public ghostRewardFunded;
    mapping(uint64 batchId => uint256) public ghostRewardPart;
    mapping(uint64 batchId => uint256) public ghostEscrowPart;
    mapping(uint64 batchId => uint64) internal ghostClaimableAt;
    mapping(address account => uint256) public ghostLastClaimed;

    constructor(MurmurPayouts payouts_, MurmurTestToken token_, address operator_, address auditor_, address admin_) {
        payouts = payouts_;
        token = token_;
        operator = operator_;
        auditor = auditor_;
        admin = admin_;
        for (uint256 i = 0; i < ACCOUNTS; i++) {
            accounts[i] = makeAddr(string.concat("creator-", vm.toString(i)));
        }
    }

    /*//////////////////////////////////////////////////////////////
                                ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice The operator settles the next batch: every entitlement of the latest standing batch,
    /// raised by a bounded amount, funded by a deposit of whatever is missing.
    function settle(uint256 seed, bool overfund) external {
        // One batch in its window at a time: the contract refuses otherwise (checked in the unit tests).
        uint64 standing = _latestStanding();
        if (standing != 0) {
            (,,, uint64 pendingUntil,) = payouts.batches(standing);
            // forge-lint: disable-next-line(block-timestamp)
            if (block.timestamp < pendingUntil) return;
        }
        uint64 base = standing;
        uint64 id = payouts.lastBatchId() + 1;
        uint256 total;
        for (uint256 i = 0; i < ACCOUNTS; i++) {
            uint256 raise = bound(uint256(keccak256(abi.encode(seed, i))), 0, MAX_RAISE);
            if (uint256(keccak256(abi.encode(seed, "skip", i))) % 3 == 0) raise = 0;
            entitled[id][i] = (base == 0 ? 0 : entitled[base][i]) + raise;
            total += entitled[id][i];
        }
        // Part of the batch is tips and withdrawals, backed by reader deposits; the rest by reward funding.
        uint256 escrow = bound(seed >> 128, 0, total);
        if (escrow > payouts.escrowDeposited()) escrow = payouts.escrowDeposited();
        uint256 rewardPart = total - escrow;
        uint256 funded = payouts.rewardFunded();
        if (funded < rewardPart) _fundRewards(rewardPart - funded + (overfund ? seed % MAX_RAISE : 0));

        bytes32 root = MerkleBuilder.root(MerkleBuilder.build(_leaves(id)));
        vm.prank(operator);
        payouts.settle(id, root, total, escrow, keccak256(abi.encode("manifest", id)));
        ghostSettles++;
        ghostRewardPart[id] = rewardPart;
        ghostEscrowPart[id] = escrow;
        _checkWindowsNeverShortened();
        _checkpoint();
    }

    /// @notice An auditor vetoes one of the batches still inside its window, if any.
    function veto(uint256 seed) external {
        uint64 last = payouts.lastBatchId();
        uint64[] memory open = new uint64[](last);
        uint256 n;
        for (uint64 id = 1; id <= last; id++) {
            (,,, uint64 claimableAt, bool vetoed) = payouts.batches(id);
            // forge-lint: disable-next-line(block-timestamp)
            if (!vetoed && block.timestamp < claimableAt) open[n++] = id;
        }
        if (n == 0) return;
        uint64 target = open[seed % n];
        vm.prank(auditor);
        payouts.veto(target);
        ghostVetoed[target] = true;
        ghostVetoes++;
        _checkpoint();
    }

    /// @notice Someone claims an account's entitlement in the latest claimable batch, if there is
    /// anything to claim.
    function claim(uint256 accountSeed, address caller) external {
        uint64 id = payouts.latestClaimableBatchId();
        if (id == 0) return;
        uint256 index = accountSeed % ACCOUNTS;
        address account = accounts[index];
        uint256 amount = entitled[id][index];
        if (amount <= payouts.claimed(account)) return;

        bytes32[] memory tree = MerkleBuilder.build(_leaves(id));
        bytes32[] memory proof = MerkleBuilder.proof(tree, MerkleBuilder.leaf(account, amount));
        vm.prank(caller);
        uint256 paid = payouts.claim(account, amount, proof);
        ghostPaidOut += paid;
        ghostClaims++;
        _checkpoint();
    }

    /// @notice Someone tries to claim with a proof from a vetoed batch, or from a batch still in its
    /// window that differs from the claimable one; it must be rejected.
    function claimFromUnclaimableBatch(uint256 batchSeed, uint256 accountSeed) external {
        uint64 last = payouts.lastBatchId();
        if (last == 0) return;
        uint64 id = SafeCast.toUint64(1 + batchSeed % last);
        (,,, uint64 claimableAt, bool vetoed) = payouts.batches(id);
        // forge-lint: disable-next-line(block-timestamp)
        if (!vetoed && block.timestamp >= claimableAt) return; // claimable: not a stale proof
        uint256 index = accountSeed % ACCOUNTS;
        address account = accounts[index];
        uint256 amount = entitled[id][index];
        uint64 current = payouts.latestClaimableBatchId();
        // The same leaf may be in the claimable batch too (nothing changed for this account): skip.
        if (current != 0 && entitled[current][index] == amount) return;

        bytes32[] memory proof =
            MerkleBuilder.proof(MerkleBuilder.build(_leaves(id)), MerkleBuilder.leaf(account, amount));
        try payouts.claim(account, amount, proof) returns (uint256) {
            ghostStaleClaimPaid = true;
        } catch {
            ghostStaleClaimsRejected++;
        }
        _checkpoint();
    }

    /// @notice A reader deposits tokens into the escrow (their tipping balance).
    function deposit(uint256 amount) external {
        amount = bound(amount, 1, MAX_RAISE);
        address reader = makeAddr("reader");
        vm.prank(operator);
        require(token.transfer(reader, amount), "transfer");
        vm.startPrank(reader);
        token.approve(address(payouts), amount);
        payouts.deposit(amount);
        vm.stopPrank();
        ghostDeposited += amount;
        ghostEscrowDeposited += amount;
        _checkpoint();
    }

    /// @notice The operator adds to the reward pool.
    function fundRewards(uint256 amount) external {
        _fundRewards(bound(amount, 1, MAX_RAISE));
        _checkpoint();
    }

    /// @notice Anyone applies a scheduled decrease of the window once it is due.
    function applyChallengeWindow() external {
        (, uint64 effectiveAt) = payouts.pendingChallengeWindow();
        // forge-lint: disable-next-line(block-timestamp)
        if (effectiveAt == 0 || block.timestamp < effectiveAt) return;
        payouts.applyChallengeWindow();
        _checkWindowsNeverShortened();
        _checkpoint();
    }

    /// @notice Time passes.
    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 2 days));
        _checkpoint();
    }

    /// @notice The admin changes the challenge window for later batches (a decrease is only scheduled).
    function setChallengeWindow(uint256 window) external {
        vm.prank(admin);
        payouts.setChallengeWindow(SafeCast.toUint64(bound(window, 0, 2 days)));
        _checkWindowsNeverShortened();
        _checkpoint();
    }

    /*//////////////////////////////////////////////////////////////
                             GHOST QUERIES
    //////////////////////////////////////////////////////////////*/

    function accountCount() external pure returns (uint256) {
        return ACCOUNTS;
    }

    function accountAt(uint256 i) external view returns (address) {
        return accounts[i];
    }

    function entitlement(uint64 batchId, uint256 i) external view returns (uint256) {
        return entitled[batchId][i];
    }

    /// @notice The latest settled batch not vetoed, by the ghost's books.
    function latestStanding() external view returns (uint64) {
        return _latestStanding();
    }

    /// @notice The cumulative total of the latest settled batch not vetoed, by the ghost's books.
    function latestStandingTotal() external view returns (uint256 total) {
        uint64 id = _latestStanding();
        if (id == 0) return 0;
        for (uint256 i = 0; i < ACCOUNTS; i++) {
            total += entitled[id][i];
        }
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    function _latestStanding() internal view returns (uint64 id) {
        id = payouts.lastBatchId();
        while (id != 0 && ghostVetoed[id]) id--;
    }

    function _leaves(uint64 id) internal view returns (bytes32[] memory leaves) {
        leaves = new bytes32[](ACCOUNTS);
        for (uint256 i = 0; i < ACCOUNTS; i++) {
            leaves[i] = MerkleBuilder.leaf(accounts[i], entitled[id][i]);
        }
    }

    function _fundRewards(uint256 amount) internal {
        vm.prank(operator);
        payouts.fundRewards(amount);
        ghostDeposited += amount;
        ghostRewardFunded += amount;
    }

    /// @dev Records each batch's claimableAt when first seen, and whether any ever moved.
    function _checkWindowsNeverShortened() internal {
        for (uint64 id = 1; id <= payouts.lastBatchId(); id++) {
            (,,, uint64 claimableAt,) = payouts.batches(id);
            if (ghostClaimableAt[id] == 0) ghostClaimableAt[id] = claimableAt;
            else if (claimableAt != ghostClaimableAt[id]) ghostWindowShortened = true;
        }
    }

    /// @dev Records whether any account's cumulative claimed amount went down since the last action.
    function _checkpoint() internal {
        for (uint256 i = 0; i < ACCOUNTS; i++) {
            uint256 claimedNow = payouts.claimed(accounts[i]);
            if (claimedNow < ghostLastClaimed[accounts[i]]) ghostClaimedDecreased = true;
            ghostLastClaimed[accounts[i]] = claimedNow;
        }
    }
}
