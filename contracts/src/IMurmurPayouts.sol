// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IMurmurPayouts
/// @notice Settles Murmur creator earnings in batches and lets creators claim them.
/// @dev Each batch commits to a Merkle root over the cumulative entitlement of every creator, built
/// as an OpenZeppelin StandardMerkleTree ("standard-v1") over `(address account, uint256 cumulativeAmount)`
/// leaves: `keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))))`, with sorted-pair
/// hashing. A batch becomes claimable once its challenge window has passed, unless an auditor vetoed it
/// inside the window. Claims always go against the latest claimable batch and pay the difference
/// between the account's cumulative entitlement and what it already claimed, so a creator can claim
/// once after many batches, and nobody can be paid twice.
///
/// Two pools, kept apart. The reward pool is funded through `fundRewards` and pays creator rewards.
/// The escrow holds reader deposits (`deposit`, the tipping balance) and pays only tips and
/// withdrawals. `settle` is told which part of a batch's cumulative total the escrow backs
/// (`cumulativeEscrow`): the rest must be covered by the reward pool alone, and the escrow part by
/// reader deposits alone, so reader deposits can never pay rewards. Tokens sent by plain transfer count
/// toward neither pool. Tokens leave only through claims, so the two pools together bound every payout
/// and the contract never owes more than it holds.
///
/// What the contract guarantees even against its own admin (docs/security.md, "What the contract
/// guarantees"):
/// - A settled batch keeps its `claimableAt`; lowering the window takes effect only after a delay equal
///   to the window in force (`setChallengeWindow`, `applyChallengeWindow`); the admin role moves in two
///   steps with a delay (OpenZeppelin AccessControlDefaultAdminRules).
/// - At most one batch is inside its window at a time: `settle` is refused while the latest standing
///   batch is still in its window. A later batch, which contains the earlier one's entitlements, can
///   never slip past a veto of the earlier one.
/// - `claim` reads at most two batches, however many are settled, vetoed or pending.
/// - Every transfer in and out is checked against the contract's balance change, so fee-on-transfer
///   tokens are refused, and a balance below what the contract owes (a negative rebase) refuses new
///   money. A token that blocklists one account blocks only that account's claim.
///
/// The manifest hash of a batch (the hash of the published off-chain manifest) is not kept in storage,
/// to keep `settle` cheap; it is recorded in the `BatchSettled` event, which auditors read.
interface IMurmurPayouts {
    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice The token given to the constructor is not a contract.
    /// @param token The address given as the payout token.
    error MurmurPayoutsInvalidToken(address token);

    /// @notice The admin given to the constructor is the zero address.
    error MurmurPayoutsInvalidAdmin();

    /// @notice `settle` was called while the latest standing batch is still inside its challenge window.
    /// @param batchId The batch still inside its window.
    /// @param claimableAt The time its window closes; `settle` is accepted from then on (or once it is vetoed).
    error MurmurPayoutsBatchPending(uint64 batchId, uint256 claimableAt);

    /// @notice `settle` was called with an escrow part above the cumulative total.
    /// @param cumulativeEscrow The escrow part that was passed.
    /// @param cumulativeTotal The cumulative total that was passed.
    error MurmurPayoutsEscrowAboveTotal(uint256 cumulativeEscrow, uint256 cumulativeTotal);

    /// @notice The reward part of a batch (`cumulativeTotal - cumulativeEscrow`) exceeds the funded reward pool.
    /// @param funded Everything funded through `fundRewards`.
    /// @param required The reward part of the batch.
    error MurmurPayoutsRewardPoolExceeded(uint256 funded, uint256 required);

    /// @notice The escrow part of a batch exceeds everything readers deposited.
    /// @param deposited Everything deposited through `deposit`.
    /// @param required The escrow part of the batch.
    error MurmurPayoutsEscrowExceeded(uint256 deposited, uint256 required);

    /// @notice A transfer moved a different amount than asked (fee-on-transfer or otherwise non-standard token).
    /// @param expected The amount the contract's balance should have changed by.
    /// @param actual The amount it changed by.
    error MurmurPayoutsTransferMismatch(uint256 expected, uint256 actual);

    /// @notice The contract holds less than it owes (for example after a negative rebase); no new money
    /// is taken in until that is fixed.
    /// @param balance The contract's token balance.
    /// @param owed Everything funded and deposited minus everything claimed.
    error MurmurPayoutsBalanceShortfall(uint256 balance, uint256 owed);

    /// @notice `applyChallengeWindow` was called with no scheduled change, or before it is due.
    /// @param effectiveAt The time the scheduled change may be applied; 0 if none is scheduled.
    /// @param timestamp The current block time.
    error MurmurPayoutsNoWindowChangeDue(uint256 effectiveAt, uint256 timestamp);

    /// @notice A challenge window longer than the maximum was requested.
    /// @param given The requested window, in seconds.
    /// @param max The longest window allowed, in seconds (`MAX_CHALLENGE_WINDOW`).
    error MurmurPayoutsChallengeWindowTooLong(uint256 given, uint256 max);

    /// @notice `settle` was called with a batch id that is not the last batch id plus one.
    /// @param expected The only batch id `settle` accepts now.
    /// @param given The batch id that was passed.
    error MurmurPayoutsBatchOutOfOrder(uint64 expected, uint64 given);

    /// @notice `settle` was called with a zero Merkle root.
    /// @param batchId The batch being settled.
    error MurmurPayoutsZeroRoot(uint64 batchId);

    /// @notice A cumulative total above `MAX_AMOUNT` was passed.
    /// @param given The amount that was passed.
    /// @param max The largest amount accepted (`MAX_AMOUNT`).
    error MurmurPayoutsAmountTooLarge(uint256 given, uint256 max);

    /// @notice `settle` was called with a cumulative total below that of the latest non-vetoed batch.
    /// @param previous The cumulative total of the latest settled, non-vetoed batch.
    /// @param given The cumulative total that was passed.
    error MurmurPayoutsCumulativeDecreased(uint256 previous, uint256 given);

    /// @notice `veto` was called for a batch id that was never settled.
    /// @param batchId The batch id that was passed.
    /// @param lastBatchId The id of the last settled batch.
    error MurmurPayoutsUnknownBatch(uint64 batchId, uint64 lastBatchId);

    /// @notice `veto` was called for a batch that is already vetoed.
    /// @param batchId The batch id that was passed.
    error MurmurPayoutsAlreadyVetoed(uint64 batchId);

    /// @notice `veto` was called after the batch's challenge window closed.
    /// @param batchId The batch id that was passed.
    /// @param claimableAt The time the window closed (the batch became claimable).
    /// @param timestamp The current block time.
    error MurmurPayoutsChallengeWindowClosed(uint64 batchId, uint256 claimableAt, uint256 timestamp);

    /// @notice `claim` was called while no batch is claimable: none settled, all vetoed, or all still
    /// inside their challenge window.
    error MurmurPayoutsNoClaimableBatch();

    /// @notice The proof does not prove `(account, cumulativeAmount)` against the claimable batch's root.
    /// @param batchId The latest claimable batch, whose root the proof was checked against.
    /// @param account The account that was passed.
    /// @param cumulativeAmount The cumulative amount that was passed.
    error MurmurPayoutsInvalidProof(uint64 batchId, address account, uint256 cumulativeAmount);

    /// @notice The account has already claimed its whole cumulative amount.
    /// @param account The account that was passed.
    /// @param cumulativeAmount The proven cumulative entitlement.
    /// @param alreadyClaimed What the account has claimed so far.
    error MurmurPayoutsNothingToClaim(address account, uint256 cumulativeAmount, uint256 alreadyClaimed);

    /// @notice A claim would take the total claimed above the claimable batch's cumulative total. This
    /// only happens with a malformed tree; it protects funds deposited for later batches.
    /// @param batchId The latest claimable batch.
    /// @param totalClaimedAfter The total claimed that the claim would reach.
    /// @param cumulativeTotal The batch's cumulative total.
    error MurmurPayoutsClaimExceedsBatchTotal(uint64 batchId, uint256 totalClaimedAfter, uint256 cumulativeTotal);

    /// @notice `deposit` or `fundRewards` was called with a zero amount.
    error MurmurPayoutsZeroDeposit();

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice A batch was settled.
    /// @param batchId The batch id, sequential from 1.
    /// @param root The Merkle root of the batch's cumulative entitlements.
    /// @param cumulativeTotal The sum of all cumulative entitlements in the batch.
    /// @param cumulativeEscrow The part of `cumulativeTotal` backed by reader deposits (tips and withdrawals).
    /// @param manifestHash The hash of the published off-chain manifest of the batch.
    /// @param claimableAt The time from which the batch is claimable unless vetoed.
    event BatchSettled(
        uint64 indexed batchId,
        bytes32 indexed root,
        uint256 cumulativeTotal,
        uint256 cumulativeEscrow,
        bytes32 manifestHash,
        uint64 claimableAt
    );

    /// @notice An auditor vetoed a batch inside its challenge window; it will never be claimable.
    /// @param batchId The vetoed batch.
    /// @param auditor The account that vetoed it.
    event BatchVetoed(uint64 indexed batchId, address indexed auditor);

    /// @notice Tokens were paid to an account.
    /// @param account The account paid.
    /// @param batchId The batch whose root proved the entitlement.
    /// @param amount The amount paid by this claim.
    /// @param cumulativeClaimed Everything the account has claimed, this claim included.
    event Claimed(address indexed account, uint64 indexed batchId, uint256 amount, uint256 cumulativeClaimed);

    /// @notice A reader deposited tokens into the escrow (their tipping balance).
    /// @param from The account the tokens were pulled from.
    /// @param amount The amount pulled.
    event Deposited(address indexed from, uint256 amount);

    /// @notice Tokens were added to the reward pool.
    /// @param from The account the tokens were pulled from.
    /// @param amount The amount pulled.
    event RewardsFunded(address indexed from, uint256 amount);

    /// @notice The challenge window for batches settled from now on changed.
    /// @param previous The previous window, in seconds.
    /// @param current The new window, in seconds.
    event ChallengeWindowUpdated(uint64 previous, uint64 current);

    /// @notice A lower challenge window was scheduled; it may be applied from `effectiveAt` on.
    /// @param current The window in force, in seconds.
    /// @param scheduled The lower window, in seconds.
    /// @param effectiveAt The earliest time `applyChallengeWindow` applies it.
    event ChallengeWindowDecreaseScheduled(uint64 current, uint64 scheduled, uint64 effectiveAt);

    /*//////////////////////////////////////////////////////////////
                                 ROLES
    //////////////////////////////////////////////////////////////*/

    /// @notice The role allowed to settle batches.
    function OPERATOR_ROLE() external view returns (bytes32);

    /// @notice The role allowed to veto batches inside their challenge window.
    function AUDITOR_ROLE() external view returns (bytes32);

    /// @notice The role allowed to pause and unpause the contract.
    function PAUSER_ROLE() external view returns (bytes32);

    /// @notice The longest challenge window the admin may set, in seconds (30 days).
    function MAX_CHALLENGE_WINDOW() external view returns (uint64);

    /// @notice The largest cumulative total a batch may have, in base units: 2^96 - 1, which is 79
    /// billion tokens of 18 decimals. Amounts are stored in 96 bits to keep `settle` and `claim` cheap.
    function MAX_AMOUNT() external view returns (uint256);

    /*//////////////////////////////////////////////////////////////
                            STATE-CHANGING
    //////////////////////////////////////////////////////////////*/

    /// @notice Settles the next batch. Only the operator role, and not while paused.
    /// @dev Reverts with `MurmurPayoutsBatchOutOfOrder` unless `batchId == lastBatchId() + 1`,
    /// `MurmurPayoutsBatchPending` while the latest standing batch is still inside its window (one batch in
    /// its window at a time: a later batch contains the earlier one's entitlements, so it must not be able to
    /// outlive a veto of it), `MurmurPayoutsZeroRoot` for a zero root, `MurmurPayoutsAmountTooLarge` above
    /// `MAX_AMOUNT`, `MurmurPayoutsCumulativeDecreased` if `cumulativeTotal` is below that of the latest
    /// non-vetoed batch, `MurmurPayoutsEscrowAboveTotal` if `cumulativeEscrow > cumulativeTotal`,
    /// `MurmurPayoutsRewardPoolExceeded` unless `rewardFunded()` covers `cumulativeTotal - cumulativeEscrow`,
    /// and `MurmurPayoutsEscrowExceeded` unless `escrowDeposited()` covers `cumulativeEscrow`. Reader deposits
    /// therefore never cover the reward part. Does not call the token. Costs the same gas whatever the number
    /// of creators in the batch. Emits `BatchSettled`.
    /// @param batchId The batch id: the last batch id plus one (the first batch is 1).
    /// @param root The Merkle root over `(account, cumulativeAmount)` standard-v1 leaves.
    /// @param cumulativeTotal The sum of every account's cumulative entitlement in the tree.
    /// @param cumulativeEscrow The part of `cumulativeTotal` paid from reader deposits (tips and withdrawals,
    /// cumulative); auditors check it against the manifest.
    /// @param manifestHash The hash of the batch's published manifest; recorded in the event only.
    function settle(
        uint64 batchId,
        bytes32 root,
        uint256 cumulativeTotal,
        uint256 cumulativeEscrow,
        bytes32 manifestHash
    ) external;

    /// @notice Vetoes a batch inside its challenge window. Only the auditor role; allowed while paused.
    /// @dev A vetoed batch never becomes claimable; claims keep using the previous claimable batch, and
    /// the next batch's cumulative total is checked against the latest non-vetoed batch. Since `settle` is
    /// refused while a batch is in its window, only the latest standing batch can ever be vetoed, and no
    /// later batch that contains it exists. Reverts with
    /// `MurmurPayoutsUnknownBatch`, `MurmurPayoutsAlreadyVetoed` or `MurmurPayoutsChallengeWindowClosed`.
    /// Emits `BatchVetoed`.
    /// @param batchId The batch to veto.
    function veto(uint64 batchId) external;

    /// @notice Pays `account` its cumulative entitlement minus what it already claimed. Anyone may call
    /// it; the tokens always go to `account`. Not while paused.
    /// @dev The proof is checked against the latest claimable batch, found by reading at most two batches
    /// (the latest standing one and the one before it), so the gas is bounded however many batches are
    /// pending or vetoed. The contract's balance must fall by exactly the amount paid
    /// (`MurmurPayoutsTransferMismatch` otherwise). A token that blocklists `account` makes only this
    /// account's claim revert; the amount stays owed. Reverts with
    /// `MurmurPayoutsNoClaimableBatch`, `MurmurPayoutsInvalidProof`, `MurmurPayoutsNothingToClaim` or
    /// `MurmurPayoutsClaimExceedsBatchTotal`. Emits `Claimed`.
    /// @param account The account whose entitlement is proven and paid.
    /// @param cumulativeAmount The account's cumulative entitlement in the latest claimable batch.
    /// @param proof The Merkle proof of the `(account, cumulativeAmount)` leaf.
    /// @return amount The amount paid.
    function claim(address account, uint256 cumulativeAmount, bytes32[] calldata proof)
        external
        returns (uint256 amount);

    /// @notice A reader's deposit into the escrow: pulls `amount` tokens from the caller (the caller must have
    /// approved them). Escrow only backs the escrow part of batches (tips and withdrawals). Not while paused.
    /// @dev Reverts with `MurmurPayoutsZeroDeposit` for a zero amount, `MurmurPayoutsAmountTooLarge` if the
    /// total deposited would exceed `MAX_AMOUNT`, `MurmurPayoutsBalanceShortfall` if the contract already
    /// holds less than it owes, and `MurmurPayoutsTransferMismatch` unless the balance grows by exactly
    /// `amount` (fee-on-transfer tokens). Emits `Deposited`.
    /// @param amount The amount to pull, in the token's base units.
    function deposit(uint256 amount) external;

    /// @notice Adds `amount` tokens from the caller to the reward pool (the caller must have approved them).
    /// Anyone may fund rewards. Not while paused.
    /// @dev Same checks as `deposit`, on the reward pool. Emits `RewardsFunded`.
    /// @param amount The amount to pull, in the token's base units.
    function fundRewards(uint256 amount) external;

    /// @notice Changes the challenge window for batches settled from now on. Only the admin role.
    /// @dev Batches already settled keep their `claimableAt`: no change ever shortens a settled batch's
    /// window. A longer (or equal) window applies at once and cancels a scheduled decrease. A shorter one is
    /// only scheduled, for `block.timestamp + challengeWindow()`: an auditor who watches the chain once per
    /// window sees it before any batch gets the shorter window. `applyChallengeWindow` applies it.
    /// Reverts with `MurmurPayoutsChallengeWindowTooLong` above `MAX_CHALLENGE_WINDOW`. Emits
    /// `ChallengeWindowUpdated` or `ChallengeWindowDecreaseScheduled`.
    /// @param newWindow The new window in seconds; 0 makes batches claimable at once (dev chains).
    function setChallengeWindow(uint64 newWindow) external;

    /// @notice Applies a scheduled decrease of the challenge window once it is due. Anyone may call it.
    /// @dev Reverts with `MurmurPayoutsNoWindowChangeDue` if none is scheduled or it is not due yet.
    /// Emits `ChallengeWindowUpdated`.
    function applyChallengeWindow() external;

    /// @notice Pauses settling, claiming, depositing and funding. Only the pauser role. Vetoes still work.
    function pause() external;

    /// @notice Lifts a pause. Only the pauser role.
    function unpause() external;

    /// @notice Whether the contract is paused.
    function paused() external view returns (bool);

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice The ERC-20 token paid out.
    function token() external view returns (IERC20);

    /// @notice The challenge window applied to batches settled from now on, in seconds.
    function challengeWindow() external view returns (uint64);

    /// @notice A scheduled decrease of the challenge window; both zero if none is scheduled.
    /// @return window The scheduled window, in seconds.
    /// @return effectiveAt The earliest time `applyChallengeWindow` applies it.
    function pendingChallengeWindow() external view returns (uint64 window, uint64 effectiveAt);

    /// @notice The id of the last settled batch, vetoed or not; 0 before the first.
    function lastBatchId() external view returns (uint64);

    /// @notice The id of the latest batch that is claimable now (settled, not vetoed, window passed);
    /// 0 if there is none.
    function latestClaimableBatchId() external view returns (uint64);

    /// @notice The cumulative total of the latest settled, non-vetoed batch (claimable or not); the
    /// next batch may not settle below it. 0 if there is none.
    function settledCumulativeTotal() external view returns (uint256);

    /// @notice A settled batch. All fields are zero for a batch id that was never settled.
    /// @param batchId The batch id.
    /// @return root The Merkle root of the batch.
    /// @return cumulativeTotal The sum of all cumulative entitlements in the batch.
    /// @return settledAt The block time the batch was settled.
    /// @return claimableAt The time from which the batch is claimable unless vetoed.
    /// @return vetoed Whether an auditor vetoed the batch.
    /// (The escrow part of a batch is in its `BatchSettled` event only.)
    function batches(uint64 batchId)
        external
        view
        returns (bytes32 root, uint256 cumulativeTotal, uint64 settledAt, uint64 claimableAt, bool vetoed);

    /// @notice Everything `account` has claimed so far (its cumulative claimed amount).
    function claimed(address account) external view returns (uint256);

    /// @notice Everything claimed so far, by all accounts.
    function totalClaimed() external view returns (uint256);

    /// @notice Everything readers deposited into the escrow through `deposit` (at most `MAX_AMOUNT`).
    function escrowDeposited() external view returns (uint256);

    /// @notice Everything added to the reward pool through `fundRewards` (at most `MAX_AMOUNT`). Tokens sent
    /// by plain transfer count toward neither pool.
    function rewardFunded() external view returns (uint256);

    /// @notice What `claim(account, cumulativeAmount, proof)` would pay now; 0 whenever it would revert
    /// (paused, no claimable batch, invalid proof, nothing left to claim).
    /// @param account The account.
    /// @param cumulativeAmount The account's cumulative entitlement in the latest claimable batch.
    /// @param proof The Merkle proof of the `(account, cumulativeAmount)` leaf.
    function claimable(address account, uint256 cumulativeAmount, bytes32[] calldata proof)
        external
        view
        returns (uint256);
}
