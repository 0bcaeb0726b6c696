// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MurmurPayouts} from "../../src/MurmurPayouts.sol";
import {MurmurTestToken} from "../../src/test/MurmurTestToken.sol";
import {MerkleBuilder} from "./MerkleBuilder.sol";
import {Test} from "./Test.sol";

/// @notice A deployed token and payout contract with every role handed out, and helpers to build
/// and settle batches.
abstract contract PayoutsFixture is Test {
    uint64 internal constant WINDOW = 1 days;
    uint256 internal constant SUPPLY = 1_000_000_000e6; // one billion tokens of 6 decimals
    uint64 internal constant START = 1_700_000_000;
    uint48 internal constant ADMIN_DELAY = 2 days;

    MurmurTestToken internal token;
    MurmurPayouts internal payouts;

    address internal admin;
    address internal operator;
    address internal auditor;
    address internal pauser;
    address internal alice;
    address internal bob;
    address internal carol;
    address internal stranger;

    function setUp() public virtual {
        admin = makeAddr("admin");
        operator = makeAddr("operator");
        auditor = makeAddr("auditor");
        pauser = makeAddr("pauser");
        alice = makeAddr("alice");
        bob = makeAddr("bob");
        carol = makeAddr("carol");
        stranger = makeAddr("stranger");

        vm.warp(START);
        token = new MurmurTestToken(operator, SUPPLY);
        vm.label(address(token), "token");
        _deploy(WINDOW);
    }

    /// @dev A fresh payout contract with the given window (which the admin could otherwise only lower
    /// after a delay), every role handed out, and the operator's approval.
    function _deploy(uint64 window) internal {
        payouts = new MurmurPayouts(token, admin, ADMIN_DELAY, window);
        vm.label(address(payouts), "payouts");
        vm.startPrank(admin);
        payouts.grantRole(payouts.OPERATOR_ROLE(), operator);
        payouts.grantRole(payouts.AUDITOR_ROLE(), auditor);
        payouts.grantRole(payouts.PAUSER_ROLE(), pauser);
        vm.stopPrank();

        vm.prank(operator);
        token.approve(address(payouts), type(uint256).max);
    }

    /*//////////////////////////////////////////////////////////////
                                HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev A tree of alice, bob and carol with the given cumulative amounts.
    function _tree3(uint256 a, uint256 b, uint256 c) internal view returns (bytes32[] memory tree) {
        address[] memory accounts = new address[](3);
        uint256[] memory amounts = new uint256[](3);
        (accounts[0], accounts[1], accounts[2]) = (alice, bob, carol);
        (amounts[0], amounts[1], amounts[2]) = (a, b, c);
        return MerkleBuilder.build(MerkleBuilder.leaves(accounts, amounts));
    }

    function _proof(bytes32[] memory tree, address account, uint256 amount) internal pure returns (bytes32[] memory) {
        return MerkleBuilder.proof(tree, MerkleBuilder.leaf(account, amount));
    }

    /// @dev The operator funds the reward pool.
    function _fund(uint256 amount) internal {
        vm.prank(operator);
        payouts.fundRewards(amount);
    }

    /// @dev A reader (the operator's tokens, another address) deposits into the escrow.
    function _depositEscrow(address reader, uint256 amount) internal {
        vm.prank(operator);
        require(token.transfer(reader, amount), "transfer");
        vm.startPrank(reader);
        token.approve(address(payouts), amount);
        payouts.deposit(amount);
        vm.stopPrank();
    }

    function _manifest(uint64 batchId) internal pure returns (bytes32) {
        return keccak256(abi.encode("murmur manifest", batchId));
    }

    /// @dev Settles the next batch as the operator; returns its id.
    function _settle(bytes32 root, uint256 cumulativeTotal) internal returns (uint64 batchId) {
        batchId = payouts.lastBatchId() + 1;
        vm.prank(operator);
        payouts.settle(batchId, root, cumulativeTotal, 0, _manifest(batchId));
    }

    /// @dev Funds, settles a tree of alice/bob/carol, and waits out the window.
    function _settleClaimable(uint256 a, uint256 b, uint256 c) internal returns (bytes32[] memory tree) {
        tree = _tree3(a, b, c);
        uint256 total = a + b + c;
        uint256 available = payouts.rewardFunded();
        if (available < total) _fund(total - available);
        _settle(MerkleBuilder.root(tree), total);
        vm.warp(block.timestamp + WINDOW);
    }
}
