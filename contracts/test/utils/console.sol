// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title console
/// @notice Prints from tests: forge shows these logs with `-vv`. Only the overload the tests use.
/// @dev forge intercepts static calls to this address and decodes them as Hardhat's console.log.
library console {
    address private constant CONSOLE = 0x000000000000000000636F6e736F6c652e6c6f67;

    function log(string memory label, uint256 value) internal view {
        (bool ok,) = CONSOLE.staticcall(abi.encodeWithSignature("log(string,uint256)", label, value));
        ok; // logging never fails a test
    }
}
