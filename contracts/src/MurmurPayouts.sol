// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IMurmurPayouts} from "./IMurmurPayouts.sol";

/// @title MurmurPayouts
/// @notice Batch settlement and cumulative Merkle claims of Murmur creator earnings.
/// @dev See {IMurmurPayouts} for the behaviour. Storage is laid out so that `settle` writes two new
/// slots (the batch) and one slot it shares with Pausable's flag, and costs the same for any batch;
/// when deposits cover the batch it does not call the token either.
contract MurmurPayouts is IMurmurPayouts, AccessControl, Pausable, ReentrancyGuardTransient {
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

    /// @dev A settled batch, in two slots: the root, then the rest packed.
    struct Batch {
        bytes32 root;
        uint96 cumulativeTotal;
        uint40 settledAt;
        uint40 claimableAt;
        bool vetoed;
    }

    /// @inheritdoc IMurmurPayouts
    IERC20 public immutable token;

    // These three share the slot of Pausable's `_paused` flag (1 + 4 + 3 + 12 bytes), so that `settle`
    // reads and writes that slot once. Batch ids fit 32 bits (four billion batches), the window 24
    // bits (194 days, more than MAX_CHALLENGE_WINDOW), and cumulative totals 96 bits (MAX_AMOUNT).
    uint32 private _lastBatchId;
    uint24 private _challengeWindow;
    uint96 private _settledCumulativeTotal;

    // Both are at most MAX_AMOUNT (claims never exceed a batch's cumulative total) or saturate there
    // (deposits), and share a slot.
    uint128 private _totalClaimed;
    uint128 private _totalDeposited;

    mapping(uint64 batchId => Batch) private _batches;

    mapping(address account => uint256) private _claimed;

    /*//////////////////////////////////////////////////////////////
                              CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @param token_ The ERC-20 token paid out.
    /// @param admin The account given DEFAULT_ADMIN_ROLE, which grants the other roles.
    /// @param challengeWindowSeconds The initial challenge window, at most `MAX_CHALLENGE_WINDOW`.
    constructor(IERC20 token_, address admin, uint64 challengeWindowSeconds) {
        if (address(token_).code.length == 0) revert MurmurPayoutsInvalidToken(address(token_));
        if (admin == address(0)) revert MurmurPayoutsInvalidAdmin();
        token = token_;
        _setChallengeWindow(challengeWindowSeconds);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /*//////////////////////////////////////////////////////////////
                       EXTERNAL STATE-CHANGING
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IMurmurPayouts
    function settle(uint64 batchId, bytes32 root, uint256 cumulativeTotal, bytes32 manifestHash)
        external
        onlyRole(OPERATOR_ROLE)
        whenNotPaused
    {
        uint64 expected = uint64(_lastBatchId) + 1;
        if (batchId != expected) revert MurmurPayoutsBatchOutOfOrder(expected, batchId);
        if (root == bytes32(0)) revert MurmurPayoutsZeroRoot(batchId);
        if (cumulativeTotal > MAX_AMOUNT) revert MurmurPayoutsAmountTooLarge(cumulativeTotal, MAX_AMOUNT);
        uint256 previous = _settledCumulativeTotal;
        if (cumulativeTotal < previous) revert MurmurPayoutsCumulativeDecreased(previous, cumulativeTotal);
        // Tokens leave only through claims, so the balance plus the total claimed is at least the total
        // deposited. Only when deposits alone do not cover the batch is the token asked for the balance
        // (which also counts tokens sent without `deposit`).
        if (_totalDeposited < cumulativeTotal) {
            uint256 available = token.balanceOf(address(this)) + _totalClaimed;
            if (available < cumulativeTotal) revert MurmurPayoutsInsolvent(available, cumulativeTotal);
        }

        // casting to 'uint96' is safe because the bound was checked above
        // forge-lint: disable-next-line(unsafe-typecast)
        uint96 total = uint96(cumulativeTotal);
        // casting to 'uint40' is safe until the year 36812
        // forge-lint: disable-next-line(unsafe-typecast)
        uint40 settledAt = uint40(block.timestamp);
        uint40 claimableAt = settledAt + _challengeWindow;
        // A new batch's slots are empty, so `vetoed` is already false and is not written.
        Batch storage batch = _batches[batchId];
        batch.root = root;
        batch.cumulativeTotal = total;
        batch.settledAt = settledAt;
        batch.claimableAt = claimableAt;
        // casting to 'uint32' is safe because batchId == _lastBatchId + 1 and four billion batches
        // will not be reached
        // forge-lint: disable-next-line(unsafe-typecast)
        _lastBatchId = uint32(batchId);
        _settledCumulativeTotal = total;

        emit BatchSettled(batchId, root, cumulativeTotal, manifestHash, claimableAt);
    }

    /// @inheritdoc IMurmurPayouts
    function veto(uint64 batchId) external onlyRole(AUDITOR_ROLE) {
        uint64 last = _lastBatchId;
        if (batchId == 0 || batchId > last) revert MurmurPayoutsUnknownBatch(batchId, last);
        Batch storage batch = _batches[batchId];
        if (batch.vetoed) revert MurmurPayoutsAlreadyVetoed(batchId);
        // The challenge window is measured in block time by design; seconds of drift do not matter.
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp >= batch.claimableAt) {
            revert MurmurPayoutsChallengeWindowClosed(batchId, batch.claimableAt, block.timestamp);
        }
        batch.vetoed = true;

        // The settled total falls back to the latest batch that is still standing. Only batches vetoed
        // after it are walked over.
        uint64 id = last;
        while (id != 0 && _batches[id].vetoed) {
            --id;
        }
        _settledCumulativeTotal = id == 0 ? 0 : _batches[id].cumulativeTotal;

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
        // casting to 'uint128' is safe because totalAfter <= batch.cumulativeTotal, a uint96
        // forge-lint: disable-next-line(unsafe-typecast)
        _totalClaimed = uint128(totalAfter);
        emit Claimed(account, batchId, amount, cumulativeAmount);

        token.safeTransfer(account, amount);
    }

    /// @inheritdoc IMurmurPayouts
    function deposit(uint256 amount) external nonReentrant whenNotPaused {
        if (amount == 0) revert MurmurPayoutsZeroDeposit();
        // A lower bound of the funds held, so it may saturate instead of overflowing.
        // casting to 'uint128' is safe because the value is capped first
        // forge-lint: disable-next-line(unsafe-typecast)
        _totalDeposited = uint128(Math.min(uint256(_totalDeposited) + amount, type(uint128).max));
        token.safeTransferFrom(msg.sender, address(this), amount);
        emit Deposited(msg.sender, amount);
    }

    /// @inheritdoc IMurmurPayouts
    function setChallengeWindow(uint64 newWindow) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setChallengeWindow(newWindow);
    }

    /// @inheritdoc IMurmurPayouts
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @inheritdoc IMurmurPayouts
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IMurmurPayouts
    function challengeWindow() external view returns (uint64) {
        return _challengeWindow;
    }

    /// @inheritdoc IMurmurPayouts
    function lastBatchId() external view returns (uint64) {
        return _lastBatchId;
    }

    /// @inheritdoc IMurmurPayouts
    function latestClaimableBatchId() external view returns (uint64) {
        return _latestClaimableBatchId();
    }

    /// @inheritdoc IMurmurPayouts
    function settledCumulativeTotal() external view returns (uint256) {
        return _settledCumulativeTotal;
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
    function totalDeposited() external view returns (uint256) {
        return _totalDeposited;
    }

    /// @inheritdoc IMurmurPayouts
    function claimable(address account, uint256 cumulativeAmount, bytes32[] calldata proof)
        external
        view
        returns (uint256)
    {
        if (paused()) return 0;
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

    /// @dev Walks down from the last batch over batches that are vetoed or still in their window.
    function _latestClaimableBatchId() private view returns (uint64 id) {
        id = _lastBatchId;
        while (id != 0) {
            Batch storage batch = _batches[id];
            // forge-lint: disable-next-line(block-timestamp)
            if (!batch.vetoed && block.timestamp >= batch.claimableAt) return id;
            --id;
        }
    }

    /// @dev The OpenZeppelin StandardMerkleTree leaf of `(address, uint256)`: double-hashed to rule out
    /// second-preimage attacks with inner nodes.
    function _leaf(address account, uint256 cumulativeAmount) private pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))));
    }

    function _setChallengeWindow(uint64 newWindow) private {
        if (newWindow > MAX_CHALLENGE_WINDOW) {
            revert MurmurPayoutsChallengeWindowTooLong(newWindow, MAX_CHALLENGE_WINDOW);
        }
        uint64 previous = _challengeWindow;
        // casting to 'uint24' is safe because MAX_CHALLENGE_WINDOW fits in 24 bits
        // forge-lint: disable-next-line(unsafe-typecast)
        _challengeWindow = uint24(newWindow);
        emit ChallengeWindowUpdated(previous, newWindow);
    }
}
