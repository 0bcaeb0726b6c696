// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MurmurTestToken
/// @notice The payout token of Murmur's dev chain and tests: a plain ERC-20 with 6 decimals, like the
/// dollar stablecoins a real deployment would pay in. The whole supply is minted once, to `holder`.
/// @dev Never deploy it anywhere but a dev chain.
contract MurmurTestToken is ERC20 {
    /// @param holder The account that receives the whole supply (the operator on the dev chain).
    /// @param supply The supply, in base units (1 token = 1_000_000 base units).
    constructor(address holder, uint256 supply) ERC20("Murmur Test Dollar", "mUSD") {
        _mint(holder, supply);
    }

    /// @inheritdoc ERC20
    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
