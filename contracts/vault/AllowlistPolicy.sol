// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from '@openzeppelin/contracts/access/Ownable.sol';
import {IDepositorPolicy} from './IDepositorPolicy.sol';

/// @title Verified depositors only: the owner (the compliance desk) grants and revokes.
contract AllowlistPolicy is IDepositorPolicy, Ownable {
    mapping(address => bool) public override isAllowed;

    event DepositorAllowed(address indexed depositor);
    event DepositorRevoked(address indexed depositor);

    constructor(address owner_) Ownable(owner_) {}

    function allow(address depositor) external onlyOwner {
        isAllowed[depositor] = true;
        emit DepositorAllowed(depositor);
    }

    function revoke(address depositor) external onlyOwner {
        isAllowed[depositor] = false;
        emit DepositorRevoked(depositor);
    }
}
