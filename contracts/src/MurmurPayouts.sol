// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {
    AccessControlDefaultAdminRules
} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IMurmurPayouts} from "./IMurmurPayouts.sol";

/// @title MurmurPayouts
/// @notice Batch settlement and cumulative Merkle claims of Murmur creator earnings.
/// @dev See {IMurmurPayouts} for the behaviour. Storage is laid out so that `settle` writes two new
/// slots (the batch), reads and writes one slot (`_head`) and reads one (`_pools`), and costs the same
/// for any batch; it never calls the token. The admin role follows OpenZeppelin's
/// AccessControlDefaultAdminRules: one admin, moved in two steps with a delay.
contract MurmurPayouts is IMurmurPayouts, AccessControlDefaultAdminRules, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /*//////////////////////////////////////////////////////////////
                               CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IMurmurPayouts
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    /// @inheritdoc IMurmurPayouts
    bytes32 public constant AUDITOR_ROLE = keccak256("AUDITOR_ROLE");

    /// @inheritdoc IMurmurPayouts
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @inheritdoc IMurmurPayouts
    uint64 public constant MAX_CHALLENGE_WINDOW = 30 days;

    /// @inheritdoc IMurmurPayouts
    uint256 public constant MAX_AMOUNT = type(uint96).max;

    /*//////////////////////////////////////////////////////////////
                                STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @dev A settled batch, in two slots: the root, then the rest packed. `previousStanding` is the batch
    /// that was standing when this one settled (0 if none); its window had closed by then, so it is the
    /// claimable batch while this one is in its window, and the standing one again if this one is vetoed.
    struct Batch {
        bytes32 root;
        uint96 cumulativeTotal;
        uint40 settledAt;
        uint40 claimableAt;
        bool vetoed;
        uint32 previousStanding;
    }

    /// @dev What `settle` reads and writes, in one slot (a struct starts its own slot, whatever the
    /// inherited layout). The standing batch is the latest one not vetoed; only it can be inside its
    /// window. Batch ids fit 32 bits (four billion batches), the window 24 bits (194 days, more than
    /// MAX_CHALLENGE_WINDOW), totals 96 bits (MAX_AMOUNT), times 40 bits (the year 36812).
    struct Head {
        bool paused;
        uint32 lastBatchId;
        uint32 standingBatchId;
        uint24 challengeWindow;
        uint96 settledCumulativeTotal;
        uint40 standingClaimableAt;
    }

    /// @dev The two pools: what funded rewards and what readers deposited, each at most MAX_AMOUNT.
    struct Pools {
        uint128 rewardFunded;
        uint128 escrowDeposited;
    }

    /// @dev A scheduled decrease of the challenge window; zero when none.
    struct WindowChange {
        uint24 window;
        uint40 effectiveAt;
    }

    /// @inheritdoc IMurmurPayouts
    IERC20 public immutable token;

    Head private _head;

    Pools private _pools;

    uint256 private _totalClaimed;

    WindowChange private _windowChange;

    mapping(uint64 batchId => Batch) private _batches;

    mapping(address account => uint256) private _claimed;

    /*//////////////////////////////////////////////////////////////
                               MODIFIERS
    //////////////////////////////////////////////////////////////*/

    modifier whenNotPaused() {
        if (_head.paused) revert Pausable.EnforcedPause();
        _;
    }

    /*//////////////////////////////////////////////////////////////
                              CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @param token_ The ERC-20 token paid out: a plain one (no fee on transfer, no rebasing).
    /// @param admin The account given DEFAULT_ADMIN_ROLE, which grants the other roles.
    /// @param adminTransferDelay The delay between starting and accepting a transfer of the admin role
    /// (AccessControlDefaultAdminRules), in seconds.
    /// @param challengeWindowSeconds The initial challenge window, at most `MAX_CHALLENGE_WINDOW`.
    constructor(IERC20 token_, address admin, uint48 adminTransferDelay, uint64 challengeWindowSeconds)
        AccessControlDefaultAdminRules(adminTransferDelay, _requireAdmin(admin))
    {
        if (address(token_).code.length == 0) revert MurmurPayoutsInvalidToken(address(token_));
        token = token_;
        _setWindow(_checkWindow(challengeWindowSeconds));
    }

    /*//////////////////////////////////////////////////////////////
                       EXTERNAL STATE-CHANGING
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IMurmurPayouts
    function settle(
        uint64 batchId,
        bytes32 root,
        uint256 cumulativeTotal,
        uint256 cumulativeEscrow,
        bytes32 manifestHash
    ) external onlyRole(OPERATOR_ROLE) {
        Head memory head = _head;
        if (head.paused) revert Pausable.EnforcedPause();
        uint64 expected = uint64(head.lastBatchId) + 1;
        if (batchId != expected) revert MurmurPayoutsBatchOutOfOrder(expected, batchId);
        // The challenge window is measured in block time by design; seconds of drift do not matter.
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < head.standingClaimableAt) {
            revert MurmurPayoutsBatchPending(head.standingBatchId, head.standingClaimableAt);
        }
        if (root == bytes32(0)) revert MurmurPayoutsZeroRoot(batchId);
        if (cumulativeTotal > MAX_AMOUNT) revert MurmurPayoutsAmountTooLarge(cumulativeTotal, MAX_AMOUNT);
        if (cumulativeTotal < head.settledCumulativeTotal) {
            revert MurmurPayoutsCumulativeDecreased(head.settledCumulativeTotal, cumulativeTotal);
        }
        if (cumulativeEscrow > cumulativeTotal) {
            revert MurmurPayoutsEscrowAboveTotal(cumulativeEscrow, cumulativeTotal);
        }
        // The pools are counted apart: reader deposits never cover the reward part. Tokens leave only
        // through claims, which never exceed a batch's cumulative total, so this is solvency.
        {
            Pools memory pools = _pools;
            uint256 rewardPart = cumulativeTotal - cumulativeEscrow;
            if (rewardPart > pools.rewardFunded) {
                revert MurmurPayoutsRewardPoolExceeded(pools.rewardFunded, rewardPart);
            }
            if (cumulativeEscrow > pools.escrowDeposited) {
                revert MurmurPayoutsEscrowExceeded(pools.escrowDeposited, cumulativeEscrow);
            }
        }

        // casting to 'uint96' is safe because the bound was checked above
        // forge-lint: disable-next-line(unsafe-typecast)
        uint96 total = uint96(cumulativeTotal);
        // casting to 'uint40' is safe until the year 36812
        // forge-lint: disable-next-line(unsafe-typecast)
        uint40 settledAt = uint40(block.timestamp);
        uint40 claimableAt = settledAt + head.challengeWindow;
        Batch storage batch = _batches[batchId];
        batch.root = root;
        // The second slot is written in one store: field by field, the compiler reads and rewrites the
        // slot once per field, which would take `settle` over its gas budget. The layout is the struct's
        // (first member in the lowest bits): cumulativeTotal 0-95, settledAt 96-135, claimableAt
        // 136-175, vetoed 176-183 (false), previousStanding 184-215. test_Settle reads it back.
        {
            uint256 packed = uint256(total) | (uint256(settledAt) << 96) | (uint256(claimableAt) << 136)
                | (uint256(head.standingBatchId) << 184);
            assembly ("memory-safe") {
                sstore(add(batch.slot, 1), packed)
            }
        }

        // Only the changed fields are written (a whole-struct write rewrites every field).
        Head storage stored = _head;
        // casting to 'uint32' is safe because batchId == lastBatchId + 1 and four billion batches
        // will not be reached
        // forge-lint: disable-next-line(unsafe-typecast)
        stored.lastBatchId = uint32(batchId);
        // forge-lint: disable-next-line(unsafe-typecast)
        stored.standingBatchId = uint32(batchId);
        stored.settledCumulativeTotal = total;
        stored.standingClaimableAt = claimableAt;

        emit BatchSettled(batchId, root, cumulativeTotal, cumulativeEscrow, manifestHash, claimableAt);
    }

    /// @inheritdoc IMurmurPayouts
    function veto(uint64 batchId) external onlyRole(AUDITOR_ROLE) {
        Head memory head = _head;
        uint64 last = head.lastBatchId;
        if (batchId == 0 || batchId > last) revert MurmurPayoutsUnknownBatch(batchId, last);
        Batch storage batch = _batches[batchId];
        if (batch.vetoed) revert MurmurPayoutsAlreadyVetoed(batchId);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp >= batch.claimableAt) {
            revert MurmurPayoutsChallengeWindowClosed(batchId, batch.claimableAt, block.timestamp);
        }
        // Only the standing batch can be inside its window (settle is refused while it is), so batchId is
        // the standing batch and no later one exists. The one before it stands again; its window closed.
        batch.vetoed = true;
        uint32 previous = batch.previousStanding;
        Batch storage before = _batches[previous];
        head.standingBatchId = previous;
        head.settledCumulativeTotal = before.cumulativeTotal;
        head.standingClaimableAt = before.claimableAt;
        _head = head;

        emit BatchVetoed(batchId, msg.sender);
    }

    /// @inheritdoc IMurmurPayouts
    function claim(address account, uint256 cumulativeAmount, bytes32[] calldata proof)
        external
        nonReentrant
        whenNotPaused
        returns (uint256 amount)
    {
        uint64 batchId = _latestClaimableBatchId();
        if (batchId == 0) revert MurmurPayoutsNoClaimableBatch();
        Batch storage batch = _batches[batchId];
        if (!MerkleProof.verifyCalldata(proof, batch.root, _leaf(account, cumulativeAmount))) {
            revert MurmurPayoutsInvalidProof(batchId, account, cumulativeAmount);
        }
        uint256 alreadyClaimed = _claimed[account];
        if (cumulativeAmount <= alreadyClaimed) {
            revert MurmurPayoutsNothingToClaim(account, cumulativeAmount, alreadyClaimed);
        }
        amount = cumulativeAmount - alreadyClaimed;
        uint256 totalAfter = _totalClaimed + amount;
        if (totalAfter > batch.cumulativeTotal) {
            revert MurmurPayoutsClaimExceedsBatchTotal(batchId, totalAfter, batch.cumulativeTotal);
        }

        _claimed[account] = cumulativeAmount;
        _totalClaimed = totalAfter;
        emit Claimed(account, batchId, amount, cumulativeAmount);

        // The balance must fall by exactly the amount: a token that takes more from the sender would
        // otherwise drain what is owed to others.
        uint256 before = token.balanceOf(address(this));
        token.safeTransfer(account, amount);
        uint256 spent = before - token.balanceOf(address(this));
        if (spent != amount) revert MurmurPayoutsTransferMismatch(amount, spent);
    }

    /// @inheritdoc IMurmurPayouts
    function deposit(uint256 amount) external nonReentrant whenNotPaused {
        Pools memory pools = _pools;
        _pullExact(amount, pools);
        uint256 after_ = pools.escrowDeposited + amount;
        if (after_ > MAX_AMOUNT) revert MurmurPayoutsAmountTooLarge(after_, MAX_AMOUNT);
        // casting to 'uint128' is safe because after_ <= MAX_AMOUNT
        // forge-lint: disable-next-line(unsafe-typecast)
        _pools.escrowDeposited = uint128(after_);
        emit Deposited(msg.sender, amount);
    }

    /// @inheritdoc IMurmurPayouts
    function fundRewards(uint256 amount) external nonReentrant whenNotPaused {
        Pools memory pools = _pools;
        _pullExact(amount, pools);
        uint256 after_ = pools.rewardFunded + amount;
        if (after_ > MAX_AMOUNT) revert MurmurPayoutsAmountTooLarge(after_, MAX_AMOUNT);
        // casting to 'uint128' is safe because after_ <= MAX_AMOUNT
        // forge-lint: disable-next-line(unsafe-typecast)
        _pools.rewardFunded = uint128(after_);
        emit RewardsFunded(msg.sender, amount);
    }

    /// @inheritdoc IMurmurPayouts
    function setChallengeWindow(uint64 newWindow) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint64 current = _head.challengeWindow;
        _checkWindow(newWindow);
        if (newWindow >= current) {
            // Longer windows only protect more: at once, and a scheduled decrease is dropped.
            delete _windowChange;
            _setWindow(newWindow);
            return;
        }
        // casting to 'uint40' is safe until the year 36812
        // forge-lint: disable-next-line(unsafe-typecast)
        uint40 effectiveAt = uint40(block.timestamp) + uint40(current);
        // casting to 'uint24' is safe because newWindow < current, a uint24
        // forge-lint: disable-next-line(unsafe-typecast)
        _windowChange = WindowChange({window: uint24(newWindow), effectiveAt: effectiveAt});
        emit ChallengeWindowDecreaseScheduled(current, newWindow, effectiveAt);
    }

    /// @inheritdoc IMurmurPayouts
    function applyChallengeWindow() external {
        WindowChange memory change = _windowChange;
        // forge-lint: disable-next-line(block-timestamp)
        if (change.effectiveAt == 0 || block.timestamp < change.effectiveAt) {
            revert MurmurPayoutsNoWindowChangeDue(change.effectiveAt, block.timestamp);
        }
        delete _windowChange;
        _setWindow(change.window);
    }

    /// @inheritdoc IMurmurPayouts
    function pause() external onlyRole(PAUSER_ROLE) {
        if (_head.paused) revert Pausable.EnforcedPause();
        _head.paused = true;
        emit Pausable.Paused(msg.sender);
    }

    /// @inheritdoc IMurmurPayouts
    function unpause() external onlyRole(PAUSER_ROLE) {
        if (!_head.paused) revert Pausable.ExpectedPause();
        _head.paused = false;
        emit Pausable.Unpaused(msg.sender);
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IMurmurPayouts
    function paused() external view returns (bool) {
        return _head.paused;
    }

    /// @inheritdoc IMurmurPayouts
    function challengeWindow() external view returns (uint64) {
        return _head.challengeWindow;
    }

    /// @inheritdoc IMurmurPayouts
    function pendingChallengeWindow() external view returns (uint64 window, uint64 effectiveAt) {
        WindowChange memory change = _windowChange;
        return (change.window, change.effectiveAt);
    }

    /// @inheritdoc IMurmurPayouts
    function lastBatchId() external view returns (uint64) {
        return _head.lastBatchId;
    }

    /// @inheritdoc IMurmurPayouts
    function latestClaimableBatchId() external view returns (uint64) {
        return _latestClaimableBatchId();
    }

    /// @inheritdoc IMurmurPayouts
    function settledCumulativeTotal() external view returns (uint256) {
        return _head.settledCumulativeTotal;
    }

    /// @inheritdoc IMurmurPayouts
    function batches(uint64 batchId)
        external
        view
        returns (bytes32 root, uint256 cumulativeTotal, uint64 settledAt, uint64 claimableAt, bool vetoed)
    {
        Batch storage batch = _batches[batchId];
        return (batch.root, batch.cumulativeTotal, batch.settledAt, batch.claimableAt, batch.vetoed);
    }

    /// @inheritdoc IMurmurPayouts
    function claimed(address account) external view returns (uint256) {
        return _claimed[account];
    }

    /// @inheritdoc IMurmurPayouts
    function totalClaimed() external view returns (uint256) {
        return _totalClaimed;
    }

    /// @inheritdoc IMurmurPayouts
    function escrowDeposited() external view returns (uint256) {
        return _pools.escrowDeposited;
    }

    /// @inheritdoc IMurmurPayouts
    function rewardFunded() external view returns (uint256) {
        return _pools.rewardFunded;
    }

    /// @inheritdoc IMurmurPayouts
    function claimable(address account, uint256 cumulativeAmount, bytes32[] calldata proof)
        external
        view
        returns (uint256)
    {
        if (_head.paused) return 0;
        uint64 batchId = _latestClaimableBatchId();
        if (batchId == 0) return 0;
        Batch storage batch = _batches[batchId];
        if (!MerkleProof.verifyCalldata(proof, batch.root, _leaf(account, cumulativeAmount))) return 0;
        uint256 alreadyClaimed = _claimed[account];
        if (cumulativeAmount <= alreadyClaimed) return 0;
        uint256 amount = cumulativeAmount - alreadyClaimed;
        if (_totalClaimed + amount > batch.cumulativeTotal) return 0;
        return amount;
    }

    /*//////////////////////////////////////////////////////////////
                               INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev The standing batch once its window has closed, else the one that stood before it (whose window
    /// had closed when the standing one settled). At most two batches are read, however many exist.
    function _latestClaimableBatchId() private view returns (uint64) {
        Head memory head = _head;
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp >= head.standingClaimableAt) return head.standingBatchId;
        return _batches[head.standingBatchId].previousStanding;
    }

    /// @dev The OpenZeppelin StandardMerkleTree leaf of `(address, uint256)`: double-hashed to rule out
    /// second-preimage attacks with inner nodes.
    function _leaf(address account, uint256 cumulativeAmount) private pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))));
    }

    /// @dev Pulls exactly `amount` from the caller, after checking that the contract still holds what it
    /// owes. A fee-on-transfer token fails the balance-delta check; a token that rebased down fails the
    /// shortfall check: either way no new money is taken on a token the contract cannot account for.
    function _pullExact(uint256 amount, Pools memory pools) private {
        if (amount == 0) revert MurmurPayoutsZeroDeposit();
        uint256 before = token.balanceOf(address(this));
        uint256 owed = uint256(pools.rewardFunded) + pools.escrowDeposited - _totalClaimed;
        if (before < owed) revert MurmurPayoutsBalanceShortfall(before, owed);
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert MurmurPayoutsTransferMismatch(amount, received);
    }

    function _requireAdmin(address admin) private pure returns (address) {
        if (admin == address(0)) revert MurmurPayoutsInvalidAdmin();
        return admin;
    }

    function _checkWindow(uint64 window) private pure returns (uint64) {
        if (window > MAX_CHALLENGE_WINDOW) revert MurmurPayoutsChallengeWindowTooLong(window, MAX_CHALLENGE_WINDOW);
        return window;
    }

    function _setWindow(uint64 newWindow) private {
        uint64 previous = _head.challengeWindow;
        // casting to 'uint24' is safe because _checkWindow capped it at MAX_CHALLENGE_WINDOW
        // forge-lint: disable-next-line(unsafe-typecast)
        _head.challengeWindow = uint24(newWindow);
        emit ChallengeWindowUpdated(previous, newWindow);
    }
}
