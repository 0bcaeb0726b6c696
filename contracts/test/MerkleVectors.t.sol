// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

import {MerkleBuilder} from "./utils/MerkleBuilder.sol";
import {PayoutsFixture} from "./utils/PayoutsFixture.sol";

/// @notice Checks the committed vectors of `@openzeppelin/merkle-tree` (test-vectors/merkle-standard-v1.json,
/// written by scripts/merkle-vectors.mjs) against the contract's leaf and OpenZeppelin's MerkleProof,
/// and against the Solidity tree builder the other tests use.
contract MerkleVectorsTest is PayoutsFixture {
    string internal json;

    function setUp() public override {
        super.setUp();
        json = vm.readFile(string.concat(vm.projectRoot(), "/test-vectors/merkle-standard-v1.json"));
    }

    function _set(uint256 i) internal pure returns (string memory) {
        return string.concat(".sets[", _str(i), "]");
    }

    function _str(uint256 i) internal pure returns (string memory) {
        return vm.toString(i);
    }

    function _entry(string memory set, uint256 k) internal view returns (address account, uint256 amount, bytes32[] memory proof) {
        string memory e = string.concat(set, ".entries[", _str(k), "]");
        account = vm.parseJsonAddress(json, string.concat(e, ".account"));
        amount = vm.parseJsonUint(json, string.concat(e, ".cumulativeAmount"));
        proof = vm.parseJsonBytes32Array(json, string.concat(e, ".proof"));
    }

    function test_Vectors_SetNames() public view {
        string[7] memory names = [
            "one-leaf",
            "two-leaves",
            "three-leaves",
            "seven-leaves",
            "duplicate-amounts",
            "edge-amounts",
            "hundred-leaves-seeded"
        ];
        for (uint256 i = 0; i < names.length; i++) {
            assertEq(vm.parseJsonString(json, string.concat(_set(i), ".name")), names[i]);
            assertEq(vm.parseJsonString(json, string.concat(_set(i), ".dump.format")), "standard-v1");
        }
    }

    /// @dev Every leaf hash, every proof, and the whole node array of every set.
    function test_Vectors_MatchContractLeavesProofsAndTreeLayout() public view {
        for (uint256 i = 0; i < 7; i++) {
            string memory set = _set(i);
            bytes32 root = vm.parseJsonBytes32(json, string.concat(set, ".root"));
            uint256 count = vm.parseJsonUint(json, string.concat(set, ".leafCount"));
            bytes32[] memory leaves = new bytes32[](count);
            for (uint256 k = 0; k < count; k++) {
                (address account, uint256 amount, bytes32[] memory proof) = _entry(set, k);
                leaves[k] = MerkleBuilder.leaf(account, amount);
                bytes32 expectedLeaf =
                    vm.parseJsonBytes32(json, string.concat(set, ".entries[", _str(k), "].leaf"));
                assertEq(leaves[k], expectedLeaf, "leaf hash");
                assertTrue(MerkleProof.verify(proof, root, leaves[k]), "committed proof verifies");
            }
            bytes32[] memory tree = MerkleBuilder.build(leaves);
            bytes32[] memory dumped = vm.parseJsonBytes32Array(json, string.concat(set, ".dump.tree"));
            assertEq(tree.length, dumped.length, "tree size");
            for (uint256 n = 0; n < tree.length; n++) {
                assertEq(tree[n], dumped[n], "tree node");
            }
        }
    }

    /// @dev Settles the seven-leaf set and pays every entry with the committed proofs.
    function test_Vectors_ClaimEverySevenLeafEntryOnChain() public {
        string memory set = _set(3);
        bytes32 root = vm.parseJsonBytes32(json, string.concat(set, ".root"));
        uint256 total;
        for (uint256 k = 0; k < 7; k++) {
            (, uint256 amount,) = _entry(set, k);
            total += amount;
        }
        _fund(total);
        _settle(root, total);
        vm.warp(block.timestamp + WINDOW);

        for (uint256 k = 0; k < 7; k++) {
            (address account, uint256 amount, bytes32[] memory proof) = _entry(set, k);
            assertEq(payouts.claim(account, amount, proof), amount);
            assertEq(token.balanceOf(account), amount);
        }
        assertEq(payouts.totalClaimed(), total);
        assertEq(token.balanceOf(address(payouts)), 0);
    }
}
