/**
 * Vault fees, taken by MINTING shares to the fee recipient (no asset leaves the vault), at one
 * well-defined moment: `accrueFees(nowSeconds)`, which the vault runs before every deposit, mint,
 * withdraw, redeem, queue request and queue processing, and on both sides of a strategy report
 * (before: the management fee sees the old assets; after: a reported gain is crystallized before
 * anyone can enter at the pre-fee price). Views (`preview*`, `max*`, `convert*`) at `nowSeconds`
 * include the fee shares that accrual would mint, as MetaMorpho does, so a preview is exact.
 *
 * Spec for the Solidity port (all uint256, every division is OpenZeppelin `Math.mulDiv`):
 *
 *   A  = totalAssets()                  S = totalSupply()          V = 10 ** _decimalsOffset()
 *   dt = block.timestamp − lastAccrual  BPS = 10_000               YEAR = 365 days = 31_536_000
 *   pps(A, S) = mulDiv(A + 1, 1e18 · V, S + V, Floor)          // assets per V share units, WAD
 *   p0 = pps(A, S)
 *   if S == 0:  no fee; hwm = p0 (a new cohort starts from the current price); stop.
 *   mgmtAssets   = mulDiv(A, managementFeeBps · dt, BPS · YEAR, Floor)
 *   mgmtAssets   = min(mgmtAssets, A)
 *   profitAssets = p0 > hwm ? mulDiv(p0 − hwm, S, 1e18 · V, Floor) : 0
 *   perfAssets   = min(profitAssets · performanceFeeBps / BPS, A − mgmtAssets)      // Floor
 *   feeAssets    = mgmtAssets + perfAssets
 *   feeShares    = feeAssets == 0 ? 0 : mulDiv(feeAssets, S + V, A − feeAssets + 1, Floor)
 *   _mint(feeRecipient, feeShares)
 *   hwm          = max(hwm, pps(A, S + feeShares))             // after taking the fee
 *   lastAccrual  = block.timestamp
 *
 * Why these choices:
 * - feeShares is ERC-4626's own conversion of feeAssets against the post-fee totals
 *   (A − feeAssets, S), so the minted shares are worth exactly feeAssets in rationals
 *   (fs·(A+1)/(S+fs+V) = feeAssets) and the floor favours the depositors.
 * - Management fee: linear per second on total assets (the assets did not change since the last
 *   accrual, because every verb that changes them accrues first). Accruing more often charges
 *   slightly less (depositors keep Π(1 − r·dt/YEAR) ≥ 1 − r), never more.
 * - Performance fee: on the rise of the price per share above the high-water mark, over the real
 *   supply, measured before the management fee of the same accrual. The HWM is set from the
 *   post-fee price and never falls, so a gain is charged once and a loss must be recovered first.
 *   With performanceFeeBps = 0 the HWM still follows the price, so turning the fee on later does
 *   not charge past gains.
 */
import { InvalidInputError } from '../errors.js';
import { mulDiv, pricePerShareWad, virtualShares, WAD } from './erc4626-math.js';

export const BPS = 10_000n;
export const SECONDS_PER_YEAR = 31_536_000n;
/** Ceilings that keep a fee a fee: 10 % a year of assets, half of the gain. */
export const MAX_MANAGEMENT_FEE_BPS = 1_000;
export const MAX_PERFORMANCE_FEE_BPS = 5_000;

export interface FeeConfig {
  /** Annual rate on total assets, in basis points, accrued per second. */
  readonly managementFeeBps: number;
  /** Share of the gain above the high-water mark, in basis points. */
  readonly performanceFeeBps: number;
  /** Receives the minted fee shares. */
  readonly feeRecipient: string;
}

export const NO_FEES: FeeConfig = { managementFeeBps: 0, performanceFeeBps: 0, feeRecipient: 'fee-recipient' };

export interface FeeState {
  readonly totalAssets: bigint;
  readonly totalSupply: bigint;
  readonly decimalsOffset: number;
  readonly highWaterMarkWad: bigint;
  readonly lastAccrualSeconds: number;
}

export interface FeeAccrual {
  readonly elapsedSeconds: number;
  readonly managementFeeAssets: bigint;
  readonly performanceFeeAssets: bigint;
  readonly feeShares: bigint;
  /** Price per share before and after minting the fee shares (WAD, see `pricePerShareWad`). */
  readonly pricePerShareWadBefore: bigint;
  readonly pricePerShareWadAfter: bigint;
  /** The high-water mark after this accrual. */
  readonly highWaterMarkWad: bigint;
}

export function validateFeeConfig(config: FeeConfig): void {
  const { managementFeeBps, performanceFeeBps, feeRecipient } = config;
  if (!Number.isInteger(managementFeeBps) || managementFeeBps < 0 || managementFeeBps > MAX_MANAGEMENT_FEE_BPS) {
    throw new InvalidInputError('managementFeeBps', managementFeeBps, `must be an integer in [0, ${MAX_MANAGEMENT_FEE_BPS}]`);
  }
  if (!Number.isInteger(performanceFeeBps) || performanceFeeBps < 0 || performanceFeeBps > MAX_PERFORMANCE_FEE_BPS) {
    throw new InvalidInputError('performanceFeeBps', performanceFeeBps, `must be an integer in [0, ${MAX_PERFORMANCE_FEE_BPS}]`);
  }
  if (typeof feeRecipient !== 'string' || feeRecipient.length === 0) {
    throw new InvalidInputError('feeRecipient', feeRecipient, 'must be a non-empty address');
  }
}

/** What `accrueFees(nowSeconds)` would do to `state`; pure, so views can include pending fees. */
export function computeFeeAccrual(state: FeeState, config: FeeConfig, nowSeconds: number): FeeAccrual {
  const { totalAssets: A, totalSupply: S, decimalsOffset, highWaterMarkWad: hwm } = state;
  if (!Number.isSafeInteger(nowSeconds) || nowSeconds < state.lastAccrualSeconds) {
    throw new InvalidInputError('nowSeconds', nowSeconds, `must be an integer >= the last accrual (${state.lastAccrualSeconds})`);
  }
  const elapsedSeconds = nowSeconds - state.lastAccrualSeconds;
  const p0 = pricePerShareWad({ totalAssets: A, totalSupply: S, decimalsOffset });
  if (S === 0n) {
    return {
      elapsedSeconds,
      managementFeeAssets: 0n,
      performanceFeeAssets: 0n,
      feeShares: 0n,
      pricePerShareWadBefore: p0,
      pricePerShareWadAfter: p0,
      highWaterMarkWad: p0,
    };
  }
  const V = virtualShares(decimalsOffset);
  let managementFeeAssets = mulDiv(A, BigInt(config.managementFeeBps) * BigInt(elapsedSeconds), BPS * SECONDS_PER_YEAR, 'floor');
  if (managementFeeAssets > A) managementFeeAssets = A;
  const profitAssets = p0 > hwm ? mulDiv(p0 - hwm, S, WAD * V, 'floor') : 0n;
  let performanceFeeAssets = (profitAssets * BigInt(config.performanceFeeBps)) / BPS;
  if (performanceFeeAssets > A - managementFeeAssets) performanceFeeAssets = A - managementFeeAssets;
  const feeAssets = managementFeeAssets + performanceFeeAssets;
  const feeShares = feeAssets === 0n ? 0n : mulDiv(feeAssets, S + V, A - feeAssets + 1n, 'floor');
  const p1 = pricePerShareWad({ totalAssets: A, totalSupply: S + feeShares, decimalsOffset });
  return {
    elapsedSeconds,
    managementFeeAssets,
    performanceFeeAssets,
    feeShares,
    pricePerShareWadBefore: p0,
    pricePerShareWadAfter: p1,
    highWaterMarkWad: p1 > hwm ? p1 : hwm,
  };
}
