// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title MerkleBuilder
/// @notice Builds OpenZeppelin StandardMerkleTree ("standard-v1") trees in Solidity for tests: the
/// same leaves, order and array layout as `StandardMerkleTree.of(values, ["address", "uint256"])`.
/// @dev The tree is a complete binary tree in an array of `2n - 1` nodes: node `i` has children
/// `2i + 1` and `2i + 2`, the root is node 0, and the leaves, sorted by hash, fill the array from the
/// end backwards (the smallest leaf is the last node). Inner nodes hash their two children in sorted
/// order. Gas grows with n, so keep trees small in fuzz and invariant runs.
library MerkleBuilder {
    /// @notice The standard-v1 leaf of `(account, cumulativeAmount)`.
    function leaf(address account, uint256 cumulativeAmount) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))));
    }

    /// @notice The leaves of parallel `accounts` and `amounts` arrays, in input order.
    function leaves(address[] memory accounts, uint256[] memory amounts) internal pure returns (bytes32[] memory out) {
        require(accounts.length == amounts.length, "MerkleBuilder: length mismatch");
        out = new bytes32[](accounts.length);
        for (uint256 i = 0; i < accounts.length; i++) {
            out[i] = leaf(accounts[i], amounts[i]);
        }
    }

    /// @notice The whole tree of `leafHashes` (in any order), as the standard-v1 node array.
    function build(bytes32[] memory leafHashes) internal pure returns (bytes32[] memory tree) {
        uint256 n = leafHashes.length;
        require(n > 0, "MerkleBuilder: no leaves");
        bytes32[] memory sorted = _sorted(leafHashes);
        tree = new bytes32[](2 * n - 1);
        for (uint256 i = 0; i < n; i++) {
            tree[tree.length - 1 - i] = sorted[i];
        }
        for (uint256 i = n - 1; i > 0; i--) {
            uint256 node = i - 1;
            tree[node] = hashPair(tree[2 * node + 1], tree[2 * node + 2]);
        }
    }

    /// @notice The root of `tree`.
    function root(bytes32[] memory tree) internal pure returns (bytes32) {
        return tree[0];
    }

    /// @notice The proof of `leafHash`, which must be in `tree`: the sibling of each node on the path
    /// to the root, bottom up.
    function proof(bytes32[] memory tree, bytes32 leafHash) internal pure returns (bytes32[] memory path) {
        uint256 n = (tree.length + 1) / 2;
        uint256 index = type(uint256).max;
        for (uint256 i = n - 1; i < tree.length; i++) {
            if (tree[i] == leafHash) {
                index = i;
                break;
            }
        }
        require(index != type(uint256).max, "MerkleBuilder: leaf not in tree");

        uint256 depth = 0;
        for (uint256 i = index; i > 0; i = (i - 1) / 2) {
            depth++;
        }
        path = new bytes32[](depth);
        for (uint256 k = 0; index > 0; k++) {
            uint256 sibling = index % 2 == 1 ? index + 1 : index - 1;
            path[k] = tree[sibling];
            index = (index - 1) / 2;
        }
    }

    /// @notice The hash of a pair of nodes, smaller first.
    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    /// @dev Insertion sort, ascending; test trees are small.
    function _sorted(bytes32[] memory input) private pure returns (bytes32[] memory out) {
        out = new bytes32[](input.length);
        for (uint256 i = 0; i < input.length; i++) {
            bytes32 value = input[i];
            uint256 j = i;
            while (j > 0 && out[j - 1] > value) {
                out[j] = out[j - 1];
                j--;
            }
            out[j] = value;
        }
    }
}
