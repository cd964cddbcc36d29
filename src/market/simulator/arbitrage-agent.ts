/**
 * The CEX–DEX arbitrageur as a simulator agent: each block it asks the `Arbitrageur` (its own
 * module: exact band edge, exact profit test) what it would trade on the pool as of the
 * previous block at the new external price, with this block's gas priced in, and sends that
 * swap: an exact input of the planned amount limited at the band edge, so whatever lands before
 * it in the block, it never pushes the pool past the edge (and reverts 'SPL' if the pool is
 * already back inside the band). A cheap float test skips the exact planner when the pool is
 * clearly inside the band, which is most blocks.
 */
import { InvalidInputError } from '../../errors.js';
import { Arbitrageur } from '../agents/arbitrageur.js';
import { gasCostNumeraire, NO_ORDERS, unitValue, type Agent, type AgentApi, type AgentOrder, type MempoolReader } from '../agents/types.js';
import type { MarketView } from './market-view.js';
import { externalToRawPrice } from './venues.js';

export interface ArbitrageAgentConfig {
  readonly name?: string;
  /** the ledger address that trades and pays gas */
  readonly address: string;
  readonly pool: string;
  readonly priorityFeePerGasWei: bigint;
}

// Relative margin of the float pre-filter: far above float error, far below any fee.
const FILTER_MARGIN = 1e-9;

export class ArbitrageAgent implements Agent {
  readonly name: string;
  readonly address: string;
  readonly poolId: string;
  readonly priorityFeePerGasWei: bigint;
  private pendingTxId: string | undefined;
  private sequence = 0;
  /** trades sent so far */
  submitted = 0;

  constructor(config: ArbitrageAgentConfig) {
    if (config.address.length === 0) throw new InvalidInputError('address', config.address, 'must be a non-empty string');
    if (config.priorityFeePerGasWei < 0n) throw new InvalidInputError('priorityFeePerGasWei', config.priorityFeePerGasWei, 'must be >= 0');
    this.name = config.name ?? `arbitrageur:${config.address}`;
    this.address = config.address;
    this.poolId = config.pool;
    this.priorityFeePerGasWei = config.priorityFeePerGasWei;
  }

  act(view: MarketView, mempool: MempoolReader, api: AgentApi): readonly AgentOrder[] {
    if (this.pendingTxId !== undefined && mempool.isPending(this.pendingTxId)) return NO_ORDERS;
    const venue = api.pool(this.poolId);
    const rawTarget = externalToRawPrice(venue, view.externalPrice);
    const root = Number(venue.pool.slot0.sqrtPriceX96) / 2 ** 96;
    const ratio = (root * root) / rawTarget;
    const feeComplement = 1 - venue.pool.fee / 1e6;
    if (ratio * (1 + FILTER_MARGIN) < 1 / feeComplement && ratio * (1 - FILTER_MARGIN) > feeComplement) return NO_ORDERS;

    const gasPriceWei = view.baseFeeWei + this.priorityFeePerGasWei;
    const gasNumeraire = gasCostNumeraire(api.gasSchedule.swap, gasPriceWei, view.nativePrice, api.nativeDecimals);
    const token1Value = unitValue(venue, 1, view.externalPrice);
    const gasToken1 = gasNumeraire / token1Value;
    // Float estimate of the band-edge trade's profit with the in-range liquidity: when it is
    // far below the gas (a quarter), the exact planner would refuse; skip it.
    if (estimatedProfitToken1(root, rawTarget, Number(venue.pool.liquidity), venue.pool.fee / 1e6) < 0.25 * gasToken1) return NO_ORDERS;
    const gasCostToken1 = BigInt(Math.ceil(gasToken1));
    const decision = new Arbitrageur({ gasCostToken1, recipient: this.address }).plan(venue.pool, rawTarget);
    if (decision.action !== 'trade') return NO_ORDERS;
    const { trade } = decision;
    const amountIn = trade.zeroForOne ? trade.amount0 : trade.amount1;
    const tokenIn = trade.zeroForOne ? venue.token0 : venue.token1;
    if (amountIn <= 0n || api.balanceOf(this.address, tokenIn) < amountIn) return NO_ORDERS;
    const id = `${this.address}/arb${this.sequence++}`;
    this.pendingTxId = id;
    this.submitted++;
    return [
      {
        type: 'tx',
        tx: {
          id,
          sender: this.address,
          maxPriorityFeePerGas: this.priorityFeePerGasWei,
          action: { kind: 'v3Swap', pool: this.poolId, zeroForOne: trade.zeroForOne, amountSpecified: amountIn, sqrtPriceLimitX96: trade.targetSqrtPriceX96 },
        },
      },
    ];
  }
}

/**
 * Profit (token1 base units) of moving the pool from √P = root to the band edge around the
 * target raw price with constant liquidity: the token1 leg minus the token0 leg at the target,
 * the input grossed up by the fee. An estimate (a crossing changes the liquidity).
 */
function estimatedProfitToken1(root: number, target: number, liquidity: number, fee: number): number {
  const complement = 1 - fee;
  if (root * root > target / complement) {
    const edge = Math.sqrt(target / complement);
    const in0 = (liquidity * (1 / edge - 1 / root)) / complement;
    const out1 = liquidity * (root - edge);
    return out1 - in0 * target;
  }
  const edge = Math.sqrt(target * complement);
  const in1 = (liquidity * (edge - root)) / complement;
  const out0 = liquidity * (1 / root - 1 / edge);
  return out0 * target - in1;
}
