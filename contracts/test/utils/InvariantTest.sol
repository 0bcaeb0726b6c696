// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title InvariantTest
/// @notice Tells forge's invariant fuzzer which contracts, functions and senders to use.
/// @dev forge calls these public getters by their exact name and return type after `setUp`; a
/// getter that returns an empty list leaves forge's default in place.
abstract contract InvariantTest {
    /// @notice A contract and the functions of it the fuzzer may call.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targetContracts;
    address[] private _excludeContracts;
    address[] private _targetSenders;
    address[] private _excludeSenders;
    FuzzSelector[] private _targetSelectors;

    /// @dev Restrict the fuzzer to `target`, alongside any other targeted contract.
    function targetContract(address target) internal {
        _targetContracts.push(target);
    }

    /// @dev Keep the fuzzer off `excluded`.
    function excludeContract(address excluded) internal {
        _excludeContracts.push(excluded);
    }

    /// @dev Make the fuzzer call from `sender`, alongside any other targeted sender.
    function targetSender(address sender) internal {
        _targetSenders.push(sender);
    }

    /// @dev Never call from `sender`.
    function excludeSender(address sender) internal {
        _excludeSenders.push(sender);
    }

    /// @dev Only call these functions of `selector.addr`.
    function targetSelector(FuzzSelector memory selector) internal {
        _targetSelectors.push(selector);
    }

    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }

    function excludeContracts() public view returns (address[] memory) {
        return _excludeContracts;
    }

    function targetSenders() public view returns (address[] memory) {
        return _targetSenders;
    }

    function excludeSenders() public view returns (address[] memory) {
        return _excludeSenders;
    }

    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetSelectors;
    }
}
