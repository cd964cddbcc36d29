import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/engine/backtest.js';
import type { LedgerEvent } from '../../src/engine/ledger.js';
import { scenarioLendingMarkets } from '../../src/market/scenario/schema.js';
import { createRiskCheck } from '../../src/risk/check.js';
import type { RiskMarket } from '../../src/risk/types.js';
import { FUNDING, GBM, GUARDS, swapOnce } from '../engine/test-strategies.js';

const market: RiskMarket = {
  numeraire: 'USDC',
  decimals: GBM.tokens,
  aliases: { ETH: 'WETH' },
  feedDecimals: Object.fromEntries(GBM.oracles.map((o) => [o.asset, o.decimals])),
  pools: Object.fromEntries(GBM.venues.pools.map((p) => [p.id, { token0: p.token0, token1: p.token1, feePips: p.feePips }])),
  liquidationThresholdBps: Object.fromEntries(scenarioLendingMarkets(GBM).flatMap(({ market: m }) => m.reserves.map((r) => [r.symbol, r.liquidationThresholdBps]))),
};

type RiskEvent = Extract<LedgerEvent, { type: 'risk' }>;

describe('risk check inside runBacktest (gbm-eth-usdc, 12 blocks)', () => {
  it('a refusal lands in the ledger with its rule id and numbers, and nothing is submitted', () => {
    // the vault holds ≈ 20k USDC, 10 WETH and 1 ETH; buying 15k USDC of WETH makes WETH ≈ 83 % of NAV
    const result = runBacktest({
      scenario: GBM,
      strategy: swapOnce,
      params: { amountIn: '15000000000', count: 1, atBlock: 5 },
      vault: FUNDING,
      blocks: 12,
      seed: 42,
      guards: GUARDS,
      risk: createRiskCheck({ market }),
    });
    const risk = result.events.filter((e): e is RiskEvent => e.type === 'risk');
    expect(risk).toHaveLength(1);
    const decision = risk[0]!.decision;
    expect(decision.status).toBe('refused');
    expect((decision as { ruleId?: string }).ruleId).toBe('asset-concentration');
    expect(decision.reason).toMatch(/^\[asset-concentration\] WETH would be \d+\.\d\d bps of NAV \(\d+ of \d+ base units\) > max 6000 bps$/);
    expect(result.events.some((e) => e.type === 'submitted')).toBe(false);
    expect(result.counters.fills).toBe(0);
  });

  it('the same swap sized inside the limits is approved and filled', () => {
    const result = runBacktest({
      scenario: GBM,
      strategy: swapOnce,
      params: { amountIn: '1000000000', count: 1, atBlock: 5 },
      vault: FUNDING,
      blocks: 12,
      seed: 42,
      guards: GUARDS,
      risk: createRiskCheck({ market }),
    });
    const risk = result.events.filter((e): e is RiskEvent => e.type === 'risk');
    expect(risk.map((e) => e.decision.status)).toEqual(['approved']);
    expect(result.events.some((e) => e.type === 'submitted')).toBe(true);
  });
});
