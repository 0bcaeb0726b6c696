// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A fee-on-transfer token: every transfer burns `feeBps` of the amount on the way.
contract FeeOnTransferToken is ERC20 {
    uint256 public immutable feeBps;

    constructor(address holder, uint256 supply, uint256 feeBps_) ERC20("Fee", "FEE") {
        feeBps = feeBps_;
        _mint(holder, supply);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) return super._update(from, to, value);
        uint256 fee = value * feeBps / 10_000;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}

/// @notice A token that can be rebased down (balances shrink) and that can blocklist accounts.
contract RebasingBlocklistToken is ERC20 {
    mapping(address account => bool) public blocked;

    constructor(address holder, uint256 supply) ERC20("Rebase", "RB") {
        _mint(holder, supply);
    }

    /// @dev A negative rebase of one holder, as a rebasing token would apply to everyone.
    function shrink(address holder, uint256 amount) external {
        _burn(holder, amount);
    }

    function block_(address account) external {
        blocked[account] = true;
    }

    function _update(address from, address to, uint256 value) internal override {
        require(!blocked[from] && !blocked[to], "blocklisted");
        super._update(from, to, value);
    }
}

/// @notice A token whose transfer out takes an extra fee from the sender (the receiver gets `value`).
contract SenderFeeToken is ERC20 {
    bool public charging;

    constructor(address holder, uint256 supply) ERC20("SenderFee", "SF") {
        _mint(holder, supply);
    }

    function charge() external {
        charging = true;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (charging && from != address(0) && to != address(0)) super._update(from, address(0), 1);
    }
}
