/**
 * Gas: how much each simulated action uses, and what a transaction costs under EIP-1559.
 *
 * The default figures are estimates of typical Ethereum-mainnet gas used (receipt `gasUsed`,
 * including the 21,000 intrinsic gas and calldata), rounded; real costs vary with warm/cold
 * storage, token implementations and routers by ±30 % or more. Override them per run when
 * calibrating to a specific venue. They are meant to make gas a realistic drag on small or
 * frequent trades, not to predict one receipt.
 *
 * Cost under EIP-1559: the sender pays gasUsed × effectiveGasPrice, where
 *   priorityFeePerGas = min(maxPriorityFeePerGas, maxFeePerGas − baseFee)
 *   effectiveGasPrice = baseFee + priorityFeePerGas.
 * The base-fee part is burned; only the priority part reaches the block builder. The split is
 * kept so a simulator can account the sender's cost and the builder's revenue separately.
 */
import { InvalidInputError } from '../../errors.js';

export type GasActionKind =
  | 'swap'
  | 'swapCrossTick'
  | 'mint'
  | 'burn'
  | 'collect'
  | 'borrow'
  | 'repay'
  | 'supply'
  | 'withdraw'
  | 'liquidation'
  | 'optionTrade'
  | 'settle'
  | 'transfer'
  | 'perpTrade';

export type GasSchedule = Readonly<Record<GasActionKind, bigint>>;

/** Intrinsic gas of any transaction (a plain native-token transfer uses exactly this). */
export const INTRINSIC_GAS = 21_000n;

/** Default gas used per action (see each line for what the figure estimates). */
export const DEFAULT_GAS_SCHEDULE: GasSchedule = Object.freeze({
  // Uniswap v3 exactInputSingle through SwapRouter that stays within one initialized tick range
  // (token transfers in and out included): ~110–130k.
  swap: 120_000n,
  // Extra gas per initialized tick a Uniswap v3 swap crosses (Tick.cross: two fee-growth
  // writes, the bitmap walk and liquidity update): ~20–30k each. Added to `swap`, not an action.
  swapCrossTick: 25_000n,
  // NonfungiblePositionManager.mint opening a new position (NFT mint, ticks initialized,
  // two token transfers): ~350k; adding to an existing position is cheaper (~150–200k).
  mint: 350_000n,
  // NonfungiblePositionManager.decreaseLiquidity (pool burn, fee accounting): ~130–180k.
  burn: 150_000n,
  // NonfungiblePositionManager.collect (pool collect and up to two token transfers): ~80–130k.
  collect: 100_000n,
  // Aave v3 Pool.borrow (variable rate; health-factor check across reserves): ~250k.
  borrow: 250_000n,
  // Aave v3 Pool.repay: ~150–200k.
  repay: 180_000n,
  // Aave v3 Pool.supply (first supply enables collateral, later ones are cheaper): ~170–230k.
  supply: 200_000n,
  // Aave v3 Pool.withdraw (health-factor check when collateral is in use): ~190–250k.
  withdraw: 220_000n,
  // Aave v3 Pool.liquidationCall, excluding any swap of the seized collateral: ~300–450k.
  liquidation: 400_000n,
  // An on-chain option AMM trade (Lyra/Premia-style pricing and collateral moves): very venue-
  // dependent, ~300k–1M; a mid estimate.
  optionTrade: 450_000n,
  // Settling/redeeming an expired option position (Opyn-style settle or redeem): ~100–200k.
  settle: 150_000n,
  // ERC-20 transfer (to a fresh holder ~50–65k, to an existing one ~35–45k); the upper figure.
  transfer: 65_000n,
  // An on-chain perpetual order (GMX/Perpetual-Protocol-style position update with funding and
  // oracle reads): ~400k–1M; a mid estimate.
  perpTrade: 600_000n,
});

const ACTION_KINDS = Object.keys(DEFAULT_GAS_SCHEDULE) as GasActionKind[];

/** The default schedule with some figures replaced. */
export function createGasSchedule(overrides: Partial<Record<GasActionKind, bigint>> = {}): GasSchedule {
  const schedule: Record<GasActionKind, bigint> = { ...DEFAULT_GAS_SCHEDULE };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(ACTION_KINDS as string[]).includes(key)) {
      throw new InvalidInputError(`overrides.${key}`, key, `unknown action kind (known: ${ACTION_KINDS.join(', ')})`);
    }
    if (typeof value !== 'bigint' || value < 0n) {
      throw new InvalidInputError(`overrides.${key}`, value, 'must be a bigint >= 0');
    }
    schedule[key as GasActionKind] = value;
  }
  return Object.freeze(schedule);
}

/**
 * Gas used by one action. For a swap, each initialized tick crossed adds `swapCrossTick`; the
 * count is ignored for other kinds.
 */
export function gasUsedFor(
  kind: GasActionKind,
  options: { readonly initializedTicksCrossed?: number; readonly schedule?: GasSchedule } = {},
): bigint {
  const schedule = options.schedule ?? DEFAULT_GAS_SCHEDULE;
  if (!(ACTION_KINDS as string[]).includes(kind)) {
    throw new InvalidInputError('kind', kind, `unknown action kind (known: ${ACTION_KINDS.join(', ')})`);
  }
  const ticksCrossed = options.initializedTicksCrossed ?? 0;
  if (!(Number.isSafeInteger(ticksCrossed) && ticksCrossed >= 0)) {
    throw new InvalidInputError('initializedTicksCrossed', ticksCrossed, 'must be a non-negative integer');
  }
  const base = schedule[kind];
  return kind === 'swap' ? base + BigInt(ticksCrossed) * schedule.swapCrossTick : base;
}

export interface FeeCaps {
  readonly baseFeeWei: bigint;
  /** the tip the sender offers, wei per gas */
  readonly maxPriorityFeePerGas: bigint;
  /** the most the sender pays per gas in total; omitted = uncapped (base fee + full tip) */
  readonly maxFeePerGas?: bigint;
}

export interface EffectiveGasPrice {
  /** the tip actually paid per gas: min(maxPriorityFeePerGas, maxFeePerGas − baseFee) */
  readonly priorityFeePerGasWei: bigint;
  /** baseFee + priority fee, what the sender pays per gas */
  readonly effectiveGasPriceWei: bigint;
}

/**
 * The EIP-1559 effective gas price. Throws when maxFeePerGas is below the base fee (the
 * transaction is not includable in such a block) or below the tip (invalid under the EIP).
 */
export function effectiveGasPrice(caps: FeeCaps): EffectiveGasPrice {
  const { baseFeeWei, maxPriorityFeePerGas, maxFeePerGas } = caps;
  if (baseFeeWei < 0n) throw new InvalidInputError('baseFeeWei', baseFeeWei, 'must be >= 0');
  if (maxPriorityFeePerGas < 0n) {
    throw new InvalidInputError('maxPriorityFeePerGas', maxPriorityFeePerGas, 'must be >= 0');
  }
  let priorityFeePerGasWei = maxPriorityFeePerGas;
  if (maxFeePerGas !== undefined) {
    if (maxFeePerGas < maxPriorityFeePerGas) {
      throw new InvalidInputError('maxFeePerGas', maxFeePerGas, `must be >= maxPriorityFeePerGas ${maxPriorityFeePerGas}`);
    }
    if (maxFeePerGas < baseFeeWei) {
      throw new InvalidInputError('maxFeePerGas', maxFeePerGas, `is below the base fee ${baseFeeWei}: not includable`);
    }
    const headroom = maxFeePerGas - baseFeeWei;
    if (headroom < priorityFeePerGasWei) priorityFeePerGasWei = headroom;
  }
  return { priorityFeePerGasWei, effectiveGasPriceWei: baseFeeWei + priorityFeePerGasWei };
}

export interface TransactionCost extends EffectiveGasPrice {
  readonly gasUsed: bigint;
  /** gasUsed × effectiveGasPrice: what leaves the sender's native balance */
  readonly totalWei: bigint;
  /** gasUsed × baseFee: destroyed */
  readonly burnedWei: bigint;
  /** gasUsed × priority fee: paid to the block builder */
  readonly tipWei: bigint;
}

/** What a transaction that used `gasUsed` costs, split into burned and tip. */
export function transactionCost(gasUsed: bigint, caps: FeeCaps): TransactionCost {
  if (gasUsed < 0n) throw new InvalidInputError('gasUsed', gasUsed, 'must be >= 0');
  const price = effectiveGasPrice(caps);
  const burnedWei = gasUsed * caps.baseFeeWei;
  const tipWei = gasUsed * price.priorityFeePerGasWei;
  return { ...price, gasUsed, totalWei: burnedWei + tipWei, burnedWei, tipWei };
}

/**
 * The value of an amount of native token in the numeraire (e.g. USD), at `nativePrice`
 * numeraire per whole native token. The integer and fractional parts are converted apart so
 * large wei amounts keep their precision in the float result.
 */
export function weiToNumeraire(amountWei: bigint, nativePrice: number, nativeDecimals = 18): number {
  if (!(Number.isFinite(nativePrice) && nativePrice >= 0)) {
    throw new InvalidInputError('nativePrice', nativePrice, 'must be a finite number >= 0');
  }
  if (!(Number.isInteger(nativeDecimals) && nativeDecimals >= 0 && nativeDecimals <= 36)) {
    throw new InvalidInputError('nativeDecimals', nativeDecimals, 'must be an integer in [0, 36]');
  }
  const unit = 10n ** BigInt(nativeDecimals);
  const whole = amountWei / unit;
  const fraction = amountWei % unit;
  return (Number(whole) + Number(fraction) / Number(unit)) * nativePrice;
}
