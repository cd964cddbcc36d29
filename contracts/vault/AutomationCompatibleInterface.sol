// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Chainlink Automation's upkeep interface (same signatures as the chainlink package).
interface AutomationCompatibleInterface {
    function checkUpkeep(bytes calldata checkData) external returns (bool upkeepNeeded, bytes memory performData);

    function performUpkeep(bytes calldata performData) external;
}
