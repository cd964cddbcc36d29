/**
 * The PnL decomposition: exact, by construction.
 *
 * The book is split into buckets of token quantities: idle, LP principal (liquidity at the pool
 * price plus burned principal still owed), LP fees (earned, not collected), lending supply and
 * lending debt (negative). NAV = Σ quantity × mark (valuation.ts: exact integers). For one block,
 * with Q the quantities and m the marks before (−) and after (+):
 *
 *   V(Q+, m+) − V(Q−, m−) = [V(Q−, m+) − V(Q−, m−)]                 price effect (hodl)
 *                          + Σ_bucket V(Q+_b − Q−_b − flowsIn_b, m+)  endogenous change per bucket
 *                          + V(external flows, m+)                   gas, trade execution, deposits
 *
 * because flows between buckets (a mint moves idle into LP principal) cancel at one mark, and V
 * is linear. Endogenous change of LP principal is the impermanent loss / LVR (the position
 * rebalancing against the market), of LP fees the fees earned, of lending the interest; idle has
 * no endogenous change — any is a flow the engine failed to explain, and it throws rather than
 * hide it. Trade execution is a swap's output minus its input at the mark (slippage, pool fee and
 * MEV paid together). Every component is a sum of exact scaled values; only the conversion of
 * the totals to base units rounds, and that sub-unit remainder (at most one base unit per
 * component) is put in the price effect, reported separately as `roundingBaseUnits`.
 *
 * The perp account is one more bucket, holding its equity (collateral + unrealized PnL at the
 * venue's mark) in the collateral token. Deposits and withdrawals are transfers; its endogenous
 * change is split exactly into funding (the change of the venue's per-account cumulative funding,
 * given by the loop as `perpFunding`) and hedge PnL (the rest: mark-to-market, realized PnL,
 * taker fees, a liquidation), so the two add up to it by construction.
 *
 * The option account is a bucket too: its free and locked collateral (cash token, underlying
 * token) plus its positions at the venue's mid, in the cash token. Collateral moves in and out
 * as transfers; its endogenous change is split into the option premium (cash received for
 * options written, minus paid for options bought, as the fills report it: given by the ledger
 * as `optionPremium`) and settlement / mark-to-market (the rest: the positions' revaluation,
 * which at a sale starts at minus the mid and ends at minus the payoff at expiry, when the
 * venue settles out of the locked collateral), so the two add up to it by construction.
 */
import type { Book } from '../strategy/types.js';
import { SCALE, valueOf, type Marks } from './valuation.js';

export const BUCKETS = ['idle', 'lpPrincipal', 'lpFees', 'lendingSupply', 'lendingDebt', 'perp', 'options'] as const;
export type Bucket = (typeof BUCKETS)[number];
export type Quantities = Record<Bucket, Map<string, bigint>>;

/** What moves tokens in one block, from the fills the ledger saw (base units, >= 0 unless said). */
export interface BlockFlows {
  /** bucket → bucket moves */
  readonly transfers: readonly { readonly from: Bucket; readonly to: Bucket; readonly token: string; readonly amount: bigint }[];
  /** gas paid in the native token */
  readonly gas: readonly { readonly token: string; readonly amount: bigint }[];
  /** swaps: paid from idle, received into idle */
  readonly trades: readonly {
    readonly tokenIn: string;
    readonly amountIn: bigint;
    readonly tokenOut: string;
    readonly amountOut: bigint;
    /** output lost to a sandwich: the swap alone at the top of its block would have received this much more (ledger.ts) */
    readonly mevLossOut?: bigint;
  }[];
  /** deposits (> 0) and withdrawals (< 0) of the vault's owners, into idle */
  readonly deposits: readonly { readonly token: string; readonly amount: bigint }[];
  /** funding the perp account paid (> 0) or received (< 0) in the block, collateral base units */
  readonly perpFunding?: readonly { readonly token: string; readonly amount: bigint }[];
  /** option premium received (> 0, options written) or paid (< 0, bought) by fills in the block, cash base units */
  readonly optionPremium?: readonly { readonly token: string; readonly amount: bigint }[];
}

export const NO_FLOWS: BlockFlows = Object.freeze({ transfers: [], gas: [], trades: [], deposits: [] });

export const COMPONENTS = {
  lpFees: { name: 'LP fees', description: 'Uniswap v3 fees earned (collected and owed), each valued at the mark of the block it was earned.' },
  impermanentLoss: {
    name: 'impermanent loss / LVR',
    description: 'Revaluation of the LP principal from the pool rebalancing it against the market, at the marks of each block.',
  },
  priceEffect: {
    name: 'price effect (hodl)',
    description: 'Change in mark of the holdings carried into each block (idle, LP, lending, perp collateral); includes the sub-base-unit rounding of the totals.',
  },
  execution: {
    name: 'execution / slippage',
    description:
      'Swap output minus input at the mark of the block it landed in (the trade does not move the oracle): pool fee and price impact, with what a sandwich took apart (MEV loss).',
  },
  mevLoss: {
    name: 'MEV loss',
    description: "Output the vault's swaps lost to sandwiches: what each would have received alone at the top of its block minus what it received, at the mark.",
  },
  gas: { name: 'gas', description: 'Gas paid by the vault for its transactions, reverted ones included, at the native token mark.' },
  interest: {
    name: 'interest',
    description: 'Lending: supply accrual minus debt accrual at the marks of each block (a liquidation of the vault would also land here).',
  },
  hedgePnl: {
    name: 'hedge PnL',
    description: 'Perp account: mark-to-market and realized PnL of the position, taker fees and any liquidation loss, at the venue mark (funding apart).',
  },
  funding: { name: 'funding', description: 'Perp funding received (> 0) or paid (< 0), exactly as the venue settled it on the account.' },
  optionPremium: {
    name: 'option premium',
    description: 'Premium received for options written (> 0) less premium paid for options bought, at the mark of the block the trade landed in.',
  },
  optionSettlement: {
    name: 'option settlement / mark-to-market',
    description: "Revaluation of the option positions at the venue's mid (BSM at the surface vol) and their settlement from the oracle at expiry: what written options cost back.",
  },
  deposits: { name: 'deposits/withdrawals', description: 'Capital moved in or out by the vault owners: not profit, shown so the NAV change adds up.' },
} as const;
export type ComponentKey = keyof typeof COMPONENTS;
const COMPONENT_KEYS = Object.keys(COMPONENTS) as ComponentKey[];

export function emptyQuantities(): Quantities {
  return { idle: new Map(), lpPrincipal: new Map(), lpFees: new Map(), lendingSupply: new Map(), lendingDebt: new Map(), perp: new Map(), options: new Map() };
}

function add(map: Map<string, bigint>, token: string, amount: bigint): void {
  if (amount !== 0n) map.set(token, (map.get(token) ?? 0n) + amount);
}

/** The book as bucket quantities; `poolTokens` names a pool's token0 and token1. */
export function quantitiesOf(book: Book, poolTokens: (pool: string) => readonly [string, string]): Quantities {
  const q = emptyQuantities();
  for (const [token, amount] of Object.entries(book.idle)) add(q.idle, token, amount);
  for (const position of book.lp) {
    const [token0, token1] = poolTokens(position.pool);
    add(q.lpPrincipal, token0, position.amount0 + position.principalOwed0);
    add(q.lpPrincipal, token1, position.amount1 + position.principalOwed1);
    add(q.lpFees, token0, position.feesOwed0);
    add(q.lpFees, token1, position.feesOwed1);
  }
  for (const reserve of book.lending) {
    add(q.lendingSupply, reserve.asset, reserve.supplied);
    add(q.lendingDebt, reserve.asset, -reserve.debt);
  }
  if (book.perp !== undefined) add(q.perp, book.perp.collateralToken, book.perp.equity);
  const options = book.options;
  if (options !== undefined) {
    add(q.options, options.cashToken, options.cash + options.lockedCash + options.positionsValue);
    add(q.options, options.underlyingToken, options.underlying + options.lockedUnderlying);
  }
  return q;
}

export function totalValue(q: Quantities, marks: Marks): bigint {
  let total = 0n;
  for (const bucket of BUCKETS) total += valueOf(q[bucket], marks);
  return total;
}

/** Unexplained change in idle inventory: the engine's flows do not account for the book. */
export class UnexplainedFlowError extends Error {
  override readonly name = 'UnexplainedFlowError';
}

/** Cumulative components in scaled units; `record` adds one block. */
export class PnlAccumulator {
  private readonly scaled: Record<ComponentKey, bigint> = {
    lpFees: 0n,
    impermanentLoss: 0n,
    priceEffect: 0n,
    execution: 0n,
    mevLoss: 0n,
    gas: 0n,
    interest: 0n,
    hedgePnl: 0n,
    funding: 0n,
    optionPremium: 0n,
    optionSettlement: 0n,
    deposits: 0n,
  };
  /** LP fees earned per token, base units (what collects plus what is still owed) */
  readonly feesEarnedTokens = new Map<string, bigint>();
  readonly gasPaidTokens = new Map<string, bigint>();
  private readonly endogenousScratch = emptyQuantities();

  record(before: Quantities, marksBefore: Marks, after: Quantities, marksAfter: Marks, flows: BlockFlows, blockNumber: number): void {
    const s = this.scaled;
    // Σ q × (m+ − m−): the same integer as V(Q−, m+) − V(Q−, m−), in one pass
    for (const bucket of BUCKETS) {
      for (const [token, amount] of before[bucket]) {
        if (amount === 0n) continue;
        s.priceEffect += amount * (markOf(marksAfter, token) - markOf(marksBefore, token));
      }
    }
    // one scratch set of maps for every block: this runs once a block, for the whole run
    const endogenous = this.endogenousScratch;
    for (const bucket of BUCKETS) endogenous[bucket].clear();
    for (const bucket of BUCKETS) {
      for (const [token, amount] of after[bucket]) add(endogenous[bucket], token, amount);
      for (const [token, amount] of before[bucket]) add(endogenous[bucket], token, -amount);
    }
    for (const t of flows.transfers) {
      add(endogenous[t.to], t.token, -t.amount);
      add(endogenous[t.from], t.token, t.amount);
    }
    for (const g of flows.gas) {
      add(endogenous.idle, g.token, g.amount);
      s.gas -= g.amount * markOf(marksAfter, g.token);
      add(this.gasPaidTokens, g.token, g.amount);
    }
    for (const t of flows.trades) {
      add(endogenous.idle, t.tokenIn, t.amountIn);
      add(endogenous.idle, t.tokenOut, -t.amountOut);
      s.execution += t.amountOut * markOf(marksAfter, t.tokenOut) - t.amountIn * markOf(marksAfter, t.tokenIn);
      if (t.mevLossOut !== undefined && t.mevLossOut !== 0n) {
        // moved from execution to its own line: the sum is unchanged
        const lost = t.mevLossOut * markOf(marksAfter, t.tokenOut);
        s.execution += lost;
        s.mevLoss -= lost;
      }
    }
    for (const d of flows.deposits) {
      add(endogenous.idle, d.token, -d.amount);
      s.deposits += d.amount * markOf(marksAfter, d.token);
    }
    for (const [token, amount] of endogenous.idle) {
      if (amount !== 0n) throw new UnexplainedFlowError(`block ${blockNumber}: idle ${token} changed by ${amount} base units that no fill explains`);
    }
    s.impermanentLoss += valueOf(endogenous.lpPrincipal, marksAfter);
    s.lpFees += valueOf(endogenous.lpFees, marksAfter);
    for (const [token, amount] of endogenous.lpFees) add(this.feesEarnedTokens, token, amount);
    s.interest += valueOf(endogenous.lendingSupply, marksAfter) + valueOf(endogenous.lendingDebt, marksAfter);
    let fundingScaled = 0n;
    for (const f of flows.perpFunding ?? []) fundingScaled -= f.amount * markOf(marksAfter, f.token);
    s.funding += fundingScaled;
    s.hedgePnl += valueOf(endogenous.perp, marksAfter) - fundingScaled;
    let premiumScaled = 0n;
    for (const p of flows.optionPremium ?? []) premiumScaled += p.amount * markOf(marksAfter, p.token);
    s.optionPremium += premiumScaled;
    s.optionSettlement += valueOf(endogenous.options, marksAfter) - premiumScaled;
  }

  /** Scaled totals (exact); they sum to the scaled NAV change. */
  scaledTotals(): Readonly<Record<ComponentKey, bigint>> {
    return { ...this.scaled };
  }

  /**
   * Base-unit components summing exactly to `navChangeBaseUnits` (the change of the floored
   * NAV): each is truncated toward zero; the remainder goes to the price effect.
   */
  components(navChangeBaseUnits: bigint): { components: { key: ComponentKey; name: string; description: string; amount: bigint }[]; roundingBaseUnits: bigint } {
    const out = COMPONENT_KEYS.map((key) => ({ key, ...COMPONENTS[key], amount: this.scaled[key] / SCALE }));
    const sum = out.reduce((total, component) => total + component.amount, 0n);
    const roundingBaseUnits = navChangeBaseUnits - sum;
    const price = out.find((component) => component.key === 'priceEffect')!;
    price.amount += roundingBaseUnits;
    return { components: out, roundingBaseUnits };
  }
}

function markOf(marks: Marks, token: string): bigint {
  const mark = marks.get(token);
  if (mark === undefined) throw new UnexplainedFlowError(`no mark for ${token}`);
  return mark;
}
