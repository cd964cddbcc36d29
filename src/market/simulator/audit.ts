/**
 * Checks on a simulator's books: a state hash (for determinism: the same seed must give the
 * same hash) and the conservation audit (every token: Σ balances = minted − burned, and each
 * venue's ledger account holds exactly what the venue's own state says it custodies).
 */
import { createHash } from 'node:crypto';
import type { MarketSimulator } from './simulator.js';

/** SHA-256 over the ledger, the pools, the lending reserves, the clock and the base fee. */
export function stateHash(simulator: MarketSimulator): string {
  const hash = createHash('sha256');
  const view = simulator.view;
  hash.update(`block ${view.blockNumber} ${view.blockTimestampSeconds} ${view.externalPrice} ${view.baseFeeWei}\n`);
  const ledger = simulator.ledger;
  for (const address of ledger.addresses()) {
    for (const [token, amount] of ledger.balancesOf(address)) hash.update(`${address} ${token} ${amount}\n`);
  }
  for (const [id, venue] of simulator.venues.pools) {
    const s = venue.pool.slot0;
    hash.update(
      `pool ${id} ${s.sqrtPriceX96} ${s.tick} ${s.observationIndex} ${s.observationCardinality} ${venue.pool.liquidity} ` +
        `${venue.pool.feeGrowthGlobal0X128} ${venue.pool.feeGrowthGlobal1X128} ${venue.pool.balance0} ${venue.pool.balance1}\n`,
    );
  }
  for (const [id, lending] of simulator.venues.lendingMarkets) {
    // The first market hashes as it did when it was the only one.
    const prefix = lending === simulator.venues.lending ? '' : `${id} `;
    for (const asset of lending.market.assets) {
      const r = lending.market.getReserveData(asset, lending.market.nowSeconds);
      hash.update(`reserve ${prefix}${asset} ${r.liquidityIndexRay} ${r.variableBorrowIndexRay} ${r.totalSupply} ${r.totalDebt} ${r.availableLiquidity}\n`);
    }
  }
  return hash.digest('hex');
}

export interface ConservationIssue {
  readonly what: string;
  readonly expected: bigint;
  readonly actual: bigint;
}

/** Every broken identity (empty when the books balance). */
export function auditConservation(simulator: MarketSimulator): ConservationIssue[] {
  const issues: ConservationIssue[] = [];
  const ledger = simulator.ledger;
  const check = (what: string, expected: bigint, actual: bigint): void => {
    if (expected !== actual) issues.push({ what, expected, actual });
  };
  for (const token of ledger.tokens()) check(`supply of ${token}`, ledger.minted(token) - ledger.burned(token), ledger.totalOf(token));
  for (const [id, venue] of simulator.venues.pools) {
    check(`pool ${id} ${venue.token0}`, venue.pool.balance0, ledger.balanceOf(venue.address, venue.token0));
    check(`pool ${id} ${venue.token1}`, venue.pool.balance1, ledger.balanceOf(venue.address, venue.token1));
  }
  const cp = simulator.venues.constantProduct;
  if (cp !== undefined) {
    check(`cp pool ${cp.pool.token0}`, cp.pool.reserve0, ledger.balanceOf(cp.address, cp.pool.token0));
    check(`cp pool ${cp.pool.token1}`, cp.pool.reserve1, ledger.balanceOf(cp.address, cp.pool.token1));
  }
  for (const [id, lending] of simulator.venues.lendingMarkets) {
    const label = lending === simulator.venues.lending ? 'lending' : `lending ${id}`;
    for (const asset of lending.market.assets) {
      const reserve = lending.market.getReserveData(asset, lending.market.nowSeconds);
      // Replay reserves are paid their recorded yield from outside (an explicit inflow), minted
      // into the venue's account as transactions touch the reserve.
      const unpaidExternalYield = reserve.externalYield - simulator.externalYieldPaid(lending.address, asset);
      check(`${label} ${asset}`, reserve.availableLiquidity - unpaidExternalYield, ledger.balanceOf(lending.address, asset));
    }
  }
  const perp = simulator.venues.perp;
  if (perp !== undefined) {
    // The perp's opening insurance fund and its counterparty pool are its own books, not tokens.
    check(`perp ${perp.collateralToken}`, perp.market.totals().netDepositsUnits, ledger.balanceOf(perp.address, perp.collateralToken));
  }
  const options = simulator.venues.options;
  if (options !== undefined) {
    const books = options.venue.venueBooks();
    check(`options ${options.cashToken}`, books.netCashDepositsUnits, ledger.balanceOf(options.address, options.cashToken));
    check(`options ${options.underlyingToken}`, books.netUnderlyingDepositsWei, ledger.balanceOf(options.address, options.underlyingToken));
  }
  return issues;
}
