// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Who may receive shares from a deposit or mint (src/vault/access-policy.ts). The vault
/// asks about the RECEIVER; exits are never gated.
interface IDepositorPolicy {
    function isAllowed(address depositor) external view returns (bool);
}
