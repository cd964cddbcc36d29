/**
 * A lending-market liquidator. It rescans every lending market's liquidatable users (health factor < 1,
 * worst first) when an oracle publishes a new round, and otherwise every `scanIntervalBlocks`
 * blocks (interest alone moves health factors slowly), so a quiet market costs it almost
 * nothing. For each such user it picks the largest debt and the largest collateral, computes
 * the liquidation exactly as the market will (`calculateLiquidation` on the user's accrued
 * positions, capped by its own balance of the debt asset), and sends `liquidationCall` when
 * the bonus it receives (collateral received − debt repaid, at the oracle's prices) beats the
 * transaction's gas.
 */
import { InvalidInputError } from '../../errors.js';
import { calculateLiquidation } from '../../lending/aave-liquidation.js';
import { MAX_AMOUNT } from '../lending/actions.js';
import type { LendingMarket } from '../lending/lending-market.js';
import type { RoundData } from '../oracle/price-feed.js';
import type { MarketView } from '../simulator/market-view.js';
import { gasCostNumeraire, NO_ORDERS, type Agent, type AgentApi, type AgentOrder, type MempoolReader } from './types.js';

export interface LiquidatorConfig {
  readonly name?: string;
  readonly address: string;
  readonly priorityFeePerGasWei: bigint;
  /** rescan at least this often without a new oracle round (default 300 blocks, an hour at 12 s) */
  readonly scanIntervalBlocks?: number;
  /** minimum net profit, numeraire (the lending base currency, default 0) */
  readonly minProfit?: number;
}

export interface LiquidationPlan {
  /** the lending market's id (undefined: the only, default market) */
  readonly market?: string;
  readonly user: string;
  readonly collateralAsset: string;
  readonly debtAsset: string;
  readonly debtToCover: bigint;
  readonly expectedCollateral: bigint;
  readonly netProfit: number;
}

const BASE_UNIT = 1e8;

export class Liquidator implements Agent {
  readonly name: string;
  readonly address: string;
  readonly priorityFeePerGasWei: bigint;
  readonly scanIntervalBlocks: number;
  readonly minProfit: number;
  /** liquidations sent so far */
  readonly sent: LiquidationPlan[] = [];
  /** full scans of the market so far */
  scans = 0;
  private lastScanBlock = Number.NEGATIVE_INFINITY;
  private readonly lastRounds: (RoundData | undefined)[] = [];
  private readonly pendingIds: string[] = [];
  private sequence = 0;

  constructor(config: LiquidatorConfig) {
    if (config.address.length === 0) throw new InvalidInputError('address', config.address, 'must be a non-empty string');
    if (config.priorityFeePerGasWei < 0n) throw new InvalidInputError('priorityFeePerGasWei', config.priorityFeePerGasWei, 'must be >= 0');
    const interval = config.scanIntervalBlocks ?? 300;
    if (!(Number.isInteger(interval) && interval >= 1)) throw new InvalidInputError('scanIntervalBlocks', interval, 'must be an integer >= 1');
    this.name = config.name ?? `liquidator:${config.address}`;
    this.address = config.address;
    this.priorityFeePerGasWei = config.priorityFeePerGasWei;
    this.scanIntervalBlocks = interval;
    this.minProfit = config.minProfit ?? 0;
  }

  act(view: MarketView, mempool: MempoolReader, api: AgentApi): readonly AgentOrder[] {
    const marketIds: readonly (string | undefined)[] = api.lendingMarketIds ?? [undefined];
    if (marketIds.length === 0 || api.lending(marketIds[0]) === undefined) return NO_ORDERS;
    // Wait for the previous liquidations to land before deciding again.
    while (this.pendingIds.length > 0 && !mempool.isPending(this.pendingIds[0]!)) this.pendingIds.shift();
    if (this.pendingIds.length > 0) return NO_ORDERS;
    // A new round shows as a new round object (rounds are stored frozen): compare identities.
    const assets = view.oracleAssets;
    let changed = false;
    for (let i = 0; i < assets.length; i++) {
      const round = view.oracleRound(assets[i]!);
      if (round !== this.lastRounds[i]) {
        this.lastRounds[i] = round;
        changed = true;
      }
    }
    const due = view.blockNumber - this.lastScanBlock >= this.scanIntervalBlocks;
    if (!changed && !due) return NO_ORDERS;
    this.lastScanBlock = view.blockNumber;
    this.scans++;
    const gas = gasCostNumeraire(api.gasSchedule.liquidation, view.baseFeeWei + this.priorityFeePerGasWei, view.nativePrice, api.nativeDecimals);
    let orders: AgentOrder[] | undefined;
    for (const marketId of marketIds) {
      const market = api.lending(marketId);
      if (market === undefined) continue;
      const now = Math.max(view.nowSeconds, market.nowSeconds);
      // The default market's plans and actions carry no id, as before there were several.
      const named = marketId !== undefined && marketId !== marketIds[0] ? marketId : undefined;
      for (const candidate of market.getLiquidatableUsers(now)) {
        if (candidate.user === this.address) continue;
        const found = this.plan(market, candidate.user, now, gas, api);
        if (found === undefined) continue;
        const plan: LiquidationPlan = named === undefined ? found : { market: named, ...found };
        const id = `${this.address}/liq${this.sequence++}`;
        this.pendingIds.push(id);
        this.sent.push(plan);
        (orders ??= []).push({
          type: 'tx',
          tx: {
            id,
            sender: this.address,
            maxPriorityFeePerGas: this.priorityFeePerGasWei,
            action: {
              kind: 'lendingLiquidate',
              collateralAsset: plan.collateralAsset,
              debtAsset: plan.debtAsset,
              user: plan.user,
              debtToCover: plan.debtToCover,
              ...(named === undefined ? {} : { market: named }),
            },
          },
        });
      }
    }
    return orders ?? NO_ORDERS;
  }

  /** The liquidation of `user` this liquidator would send now, or undefined when it does not pay. */
  plan(market: LendingMarket, user: string, nowSeconds: number, gasCost: number, api: AgentApi): LiquidationPlan | undefined {
    const account = market.accountDetail(user, nowSeconds);
    let debt = account.positions[0];
    let collateral = account.positions[0];
    for (const position of account.positions) {
      if (debt === undefined || position.debtBase > debt.debtBase) debt = position;
      if (collateral === undefined || position.collateralBase > collateral.collateralBase) collateral = position;
    }
    if (debt === undefined || collateral === undefined || debt.debt === 0n || collateral.collateralBase === 0n) return undefined;
    const balance = api.balanceOf(this.address, debt.asset);
    if (balance === 0n) return undefined;
    const collateralConfig = market.getReserveConfig(collateral.asset);
    const debtConfig = market.getReserveConfig(debt.asset);
    let result;
    try {
      result = calculateLiquidation({
        collateralBalance: collateral.collateralBalance,
        collateralPriceBase: collateral.priceBase8,
        collateralDecimals: collateralConfig.decimals,
        debtBalance: debt.debt,
        debtPriceBase: debt.priceBase8,
        debtDecimals: debtConfig.decimals,
        liquidationBonusBps: collateralConfig.liquidationBonusBps,
        liquidationProtocolFeeBps: collateralConfig.liquidationProtocolFeeBps,
        healthFactorWad: account.healthFactor,
        totalDebtBase: account.totalDebtBase,
        debtToCover: balance < MAX_AMOUNT ? balance : MAX_AMOUNT,
        version: market.liquidationVersion,
      });
    } catch {
      // v3.3's dust rule refuses a partial cover: the liquidator's balance is too small.
      return undefined;
    }
    const received = (Number(result.collateralToLiquidator) / Math.pow(10, collateralConfig.decimals)) * (Number(collateral.priceBase8) / BASE_UNIT);
    const paid = (Number(result.debtRepaid) / Math.pow(10, debtConfig.decimals)) * (Number(debt.priceBase8) / BASE_UNIT);
    const netProfit = received - paid - gasCost;
    if (!(netProfit > this.minProfit) || result.debtRepaid === 0n) return undefined;
    // Covering the whole debt: ask for MAX so the interest of the block before inclusion does
    // not leave dust behind (which v3.3 refuses).
    const debtToCover = result.debtRepaid === debt.debt ? MAX_AMOUNT : result.debtRepaid;
    return { user, collateralAsset: collateral.asset, debtAsset: debt.asset, debtToCover, expectedCollateral: result.collateralToLiquidator, netProfit };
  }
}
