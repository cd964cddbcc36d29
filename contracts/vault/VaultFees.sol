// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from '@openzeppelin/contracts/utils/math/Math.sol';

/// @title The fee formulas of src/vault/fees.ts, line for line (every division Math.mulDiv Floor).
/// @dev Pure, so the vault can compute the pending accrual as a view (MetaMorpho's pattern) and
/// commit exactly the same numbers in `_accrueFees`.
library VaultFees {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant SECONDS_PER_YEAR = 365 days;
    uint256 internal constant WAD = 1e18;
    uint256 internal constant MAX_MANAGEMENT_FEE_BPS = 1_000;
    uint256 internal constant MAX_PERFORMANCE_FEE_BPS = 5_000;

    struct Accrual {
        uint256 managementFeeAssets;
        uint256 performanceFeeAssets;
        uint256 feeShares;
        uint256 highWaterMarkWad;
    }

    /// (A + 1) · 1e18 · V / (S + V): assets per V share units, WAD; 1e18 at inception.
    function pricePerShareWad(uint256 totalAssets, uint256 totalSupply, uint256 virtualShares)
        internal
        pure
        returns (uint256)
    {
        return Math.mulDiv(totalAssets + 1, WAD * virtualShares, totalSupply + virtualShares);
    }

    struct Inputs {
        uint256 totalAssets;
        uint256 totalSupply;
        uint256 virtualShares;
        uint256 highWaterMarkWad;
        uint256 elapsedSeconds;
        uint256 managementFeeBps;
        uint256 performanceFeeBps;
    }

    function compute(Inputs memory s) internal pure returns (Accrual memory a) {
        uint256 assets = s.totalAssets;
        uint256 p0 = pricePerShareWad(assets, s.totalSupply, s.virtualShares);
        if (s.totalSupply == 0) {
            // A new cohort starts from the current price.
            a.highWaterMarkWad = p0;
            return a;
        }
        uint256 mgmt = Math.mulDiv(assets, s.managementFeeBps * s.elapsedSeconds, BPS * SECONDS_PER_YEAR);
        if (mgmt > assets) mgmt = assets;
        uint256 profit =
            p0 > s.highWaterMarkWad ? Math.mulDiv(p0 - s.highWaterMarkWad, s.totalSupply, WAD * s.virtualShares) : 0;
        uint256 perf = (profit * s.performanceFeeBps) / BPS;
        if (perf > assets - mgmt) perf = assets - mgmt;
        a.managementFeeAssets = mgmt;
        a.performanceFeeAssets = perf;
        uint256 feeAssets = mgmt + perf;
        a.feeShares =
            feeAssets == 0 ? 0 : Math.mulDiv(feeAssets, s.totalSupply + s.virtualShares, assets - feeAssets + 1);
        uint256 p1 = pricePerShareWad(assets, s.totalSupply + a.feeShares, s.virtualShares);
        a.highWaterMarkWad = p1 > s.highWaterMarkWad ? p1 : s.highWaterMarkWad;
    }
}
