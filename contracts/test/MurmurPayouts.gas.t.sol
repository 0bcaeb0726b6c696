// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MerkleBuilder} from "./utils/MerkleBuilder.sol";
import {PayoutsFixture} from "./utils/PayoutsFixture.sol";
import {console} from "./utils/console.sol";

/// @notice Gas of the hot paths, measured as `vm.lastCallGas().gasTotalUsed`: the execution gas of the
/// call in a transaction of its own (setUp runs in an earlier one, so storage starts cold, as on
/// chain). A transaction adds 21,000 and its calldata cost (about 1,400 for `settle`) on top. The budgets
/// of issue #4 apply to this execution gas (docs/decisions/0202-gas-budgets-are-execution-gas.md).
/// Run with `-vv` to see the figures.
abstract contract GasFixture is PayoutsFixture {
    /// @dev The budget of any `settle` after the first, whatever the number of creators.
    uint256 internal constant SETTLE_BUDGET = 60_000;
    /// @dev The budget of an account's first `claim`.
    uint256 internal constant CLAIM_FIRST_BUDGET = 85_000;
    /// @dev The budget of a `claim` by an account that has claimed before.
    uint256 internal constant CLAIM_AGAIN_BUDGET = 60_000;

    bytes32[] internal tree;

    function setUp() public virtual override {
        super.setUp();
        tree = _tree3(100e6, 200e6, 300e6);
        _fund(10_000e6);
    }
}

contract SettleFirstGasTest is GasFixture {
    function test_Gas_SettleFirstBatch() public {
        vm.prank(operator);
        payouts.settle(1, MerkleBuilder.root(tree), 600e6, 0, _manifest(1));
        console.log("settle, first batch", vm.lastCallGas().gasTotalUsed);
    }
}

contract SettleLaterGasTest is GasFixture {
    function setUp() public override {
        super.setUp();
        _settle(MerkleBuilder.root(tree), 600e6);
        vm.warp(block.timestamp + WINDOW);
    }

    function test_Gas_SettleLaterBatch() public {
        vm.prank(operator);
        payouts.settle(2, keccak256("a tree of a million creators"), 9_000e6, 0, _manifest(2));
        uint256 used = vm.lastCallGas().gasTotalUsed;
        console.log("settle, later batch", used);
        assertLe(used, SETTLE_BUDGET, "settle after the first must stay within budget");
    }
}

/// @notice A batch with an escrow part (tips and withdrawals backed by reader deposits) costs the same.
contract SettleWithEscrowGasTest is GasFixture {
    function setUp() public override {
        super.setUp();
        _depositEscrow(stranger, 5_000e6);
        _settle(MerkleBuilder.root(tree), 600e6);
        vm.warp(block.timestamp + WINDOW);
    }

    function test_Gas_SettleLaterBatchWithEscrow() public {
        vm.prank(operator);
        payouts.settle(2, keccak256("a tree of a million creators"), 14_000e6, 4_000e6, _manifest(2));
        uint256 used = vm.lastCallGas().gasTotalUsed;
        console.log("settle, later batch with an escrow part", used);
        assertLe(used, SETTLE_BUDGET, "settle with an escrow part must stay within budget");
    }
}

contract SettleAfterVetoGasTest is GasFixture {
    function setUp() public override {
        super.setUp();
        _settle(MerkleBuilder.root(tree), 600e6);
        vm.warp(block.timestamp + WINDOW);
        uint64 bad = _settle(keccak256("bad"), 9_000e6);
        vm.prank(auditor);
        payouts.veto(bad);
    }

    function test_Gas_SettleAfterVeto() public {
        vm.prank(operator);
        payouts.settle(3, keccak256("good"), 700e6, 0, _manifest(3));
        uint256 used = vm.lastCallGas().gasTotalUsed;
        console.log("settle, after a veto", used);
        assertLe(used, SETTLE_BUDGET, "settle after a veto must stay within budget");
    }
}

contract VetoGasTest is GasFixture {
    function setUp() public override {
        super.setUp();
        _settle(MerkleBuilder.root(tree), 600e6);
        vm.warp(block.timestamp + WINDOW);
        _settle(keccak256("pending"), 800e6);
    }

    function test_Gas_Veto() public {
        vm.prank(auditor);
        payouts.veto(2);
        console.log("veto", vm.lastCallGas().gasTotalUsed);
    }
}

contract ClaimGasTest is GasFixture {
    bytes32[] internal next;

    function setUp() public override {
        super.setUp();
        _settle(MerkleBuilder.root(tree), 600e6);
        vm.warp(block.timestamp + WINDOW);
        payouts.claim(bob, 200e6, _proof(tree, bob, 200e6));
        next = _tree3(150e6, 250e6, 300e6);
        _settle(MerkleBuilder.root(next), 700e6);
        vm.warp(block.timestamp + WINDOW);
    }

    function test_Gas_ClaimFirst() public {
        bytes32[] memory proof = _proof(next, alice, 150e6);
        payouts.claim(alice, 150e6, proof);
        uint256 used = vm.lastCallGas().gasTotalUsed;
        console.log("claim, first by the account", used);
        assertLe(used, CLAIM_FIRST_BUDGET, "an account's first claim must stay within budget");
    }

    function test_Gas_ClaimAgain() public {
        bytes32[] memory proof = _proof(next, bob, 250e6);
        payouts.claim(bob, 250e6, proof);
        uint256 used = vm.lastCallGas().gasTotalUsed;
        console.log("claim, again after a new batch", used);
        assertLe(used, CLAIM_AGAIN_BUDGET, "a repeat claim must stay within budget");
    }

    function test_Gas_Deposit() public {
        vm.prank(operator);
        payouts.deposit(1e6);
        console.log("deposit", vm.lastCallGas().gasTotalUsed);
    }

    function test_Gas_FundRewards() public {
        vm.prank(operator);
        payouts.fundRewards(1e6);
        console.log("fundRewards", vm.lastCallGas().gasTotalUsed);
    }
}

/// @notice A claim reads at most two batches: after many vetoed batches, and with one pending, it costs
/// what it costs with none (issue #12: claims cost bounded gas however many batches are pending or vetoed).
contract ClaimAfterManyVetoesGasTest is GasFixture {
    uint256 internal constant VETOED = 200;

    function setUp() public override {
        super.setUp();
        _settle(MerkleBuilder.root(tree), 600e6);
        vm.warp(block.timestamp + WINDOW);
        payouts.claim(bob, 200e6, _proof(tree, bob, 200e6));
        for (uint256 i = 0; i < VETOED; i++) {
            uint64 bad = _settle(keccak256(abi.encode("bad", i)), 9_000e6);
            vm.prank(auditor);
            payouts.veto(bad);
        }
        _settle(keccak256("pending"), 9_000e6);
    }

    function test_Gas_ClaimAfterManyVetoedAndOnePending() public {
        bytes32[] memory proof = _proof(tree, alice, 100e6);
        payouts.claim(alice, 100e6, proof);
        uint256 used = vm.lastCallGas().gasTotalUsed;
        console.log("claim, first, after 200 vetoed batches and one pending", used);
        assertLe(used, CLAIM_FIRST_BUDGET, "claims cost bounded gas however many batches are vetoed");
    }
}
