/**
 * Random operation sequences for the vault's property tests: operations are drawn as fractions
 * of what the vault allows at that moment, so almost every drawn operation is valid and the
 * runs explore deep states instead of refusals.
 */
import fc from 'fast-check';
import { Vault, type FeeConfig, type VaultEvent } from '../../src/vault/index.js';

export const ACTORS = ['alice', 'bob', 'carol'] as const;
export const FEE_RECIPIENT = 'treasury';
export type Actor = (typeof ACTORS)[number];

export type Op =
  | { kind: 'deposit'; actor: Actor; assets: bigint }
  | { kind: 'mint'; actor: Actor; shares: bigint }
  | { kind: 'withdraw'; actor: Actor; fraction: number }
  | { kind: 'redeem'; actor: Actor; fraction: number }
  | { kind: 'request'; actor: Actor; fraction: number }
  | { kind: 'process' }
  | { kind: 'cancel'; pick: number }
  | { kind: 'report'; changeBps: number }
  | { kind: 'allocate'; fraction: number }
  | { kind: 'deallocate'; fraction: number }
  | { kind: 'time'; seconds: number }
  | { kind: 'accrue' }
  | { kind: 'donate'; assets: bigint };

const actor = fc.constantFrom(...ACTORS);
// Uniform in [0, 1] by millionths: fc.double leans to edge values, which would starve the runs.
export const fraction = fc.integer({ min: 0, max: 1_000_000 }).map((millionths) => millionths / 1_000_000);
const assets = fc.oneof(fc.bigInt({ min: 0n, max: 1_000n }), fc.bigInt({ min: 0n, max: 10n ** 13n }));

export interface OpWeights {
  readonly gains?: boolean;
  readonly donations?: boolean;
  readonly queue?: boolean;
}

export function opArbitrary(weights: OpWeights = {}): fc.Arbitrary<Op> {
  const { gains = true, donations = true, queue = true } = weights;
  const arbs: fc.Arbitrary<Op>[] = [
    fc.record({ kind: fc.constant('deposit' as const), actor, assets }),
    fc.record({ kind: fc.constant('mint' as const), actor, shares: fc.bigInt({ min: 0n, max: 10n ** 19n }) }),
    fc.record({ kind: fc.constant('withdraw' as const), actor, fraction }),
    fc.record({ kind: fc.constant('redeem' as const), actor, fraction }),
    fc.record({ kind: fc.constant('allocate' as const), fraction }),
    fc.record({ kind: fc.constant('deallocate' as const), fraction }),
    fc.record({ kind: fc.constant('time' as const), seconds: fc.integer({ min: 0, max: 40 * 86_400 }) }),
    fc.constant({ kind: 'accrue' as const }),
  ];
  if (queue) {
    arbs.push(
      fc.record({ kind: fc.constant('request' as const), actor, fraction }),
      fc.constant({ kind: 'process' as const }),
      fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
    );
  }
  if (gains) arbs.push(fc.record({ kind: fc.constant('report' as const), changeBps: fc.integer({ min: -3_000, max: 3_000 }) }));
  if (donations) arbs.push(fc.record({ kind: fc.constant('donate' as const), assets }));
  return fc.oneof(...arbs);
}

export const feeConfigArbitrary: fc.Arbitrary<FeeConfig> = fc.record({
  managementFeeBps: fc.integer({ min: 0, max: 1_000 }),
  performanceFeeBps: fc.integer({ min: 0, max: 5_000 }),
  feeRecipient: fc.constant(FEE_RECIPIENT),
});

/** A clock the ops advance; verbs read it. */
export interface Run {
  readonly vault: Vault;
  nowSeconds: number;
}

export function scale(amount: bigint, fractionOfOne: number): bigint {
  return (amount * BigInt(Math.floor(fractionOfOne * 1_000_000))) / 1_000_000n;
}

/** Applies one op, sized within what the vault allows now. */
export function applyOp(run: Run, op: Op): void {
  const { vault } = run;
  const now = run.nowSeconds;
  switch (op.kind) {
    case 'deposit': {
      const max = vault.maxDeposit(op.actor, now);
      vault.deposit(op.assets < max ? op.assets : max, op.actor, now);
      return;
    }
    case 'mint': {
      const max = vault.maxMint(op.actor, now);
      vault.mint(op.shares < max ? op.shares : max, op.actor, now);
      return;
    }
    case 'withdraw':
      vault.withdraw(scale(vault.maxWithdraw(op.actor, now), op.fraction), op.actor, op.actor, now);
      return;
    case 'redeem':
      vault.redeem(scale(vault.maxRedeem(op.actor, now), op.fraction), op.actor, op.actor, now);
      return;
    case 'request': {
      const shares = scale(vault.balanceOf(op.actor), op.fraction);
      if (shares > 0n) vault.requestRedeem(shares, op.actor, now);
      return;
    }
    case 'process':
      vault.processQueue(now);
      return;
    case 'cancel': {
      const pending = vault.pendingRequests();
      const request = pending[op.pick % Math.max(1, pending.length)];
      if (request !== undefined) vault.cancelRequest(request.requestId, request.owner, now);
      return;
    }
    case 'report': {
      const deployed = vault.deployedAssets;
      vault.reportStrategyAssets(deployed + (deployed * BigInt(op.changeBps)) / 10_000n, now);
      return;
    }
    case 'allocate':
      vault.allocate(scale(vault.availableAssets(now), op.fraction), now);
      return;
    case 'deallocate':
      vault.deallocate(scale(vault.deployedAssets, op.fraction), now);
      return;
    case 'time':
      run.nowSeconds += op.seconds;
      return;
    case 'accrue':
      vault.accrueFees(now);
      return;
    case 'donate':
      vault.donate(op.assets, now);
      return;
  }
}

/** Rebuilds the vault's books from its event log alone, as an external ledger would. */
export function replayEvents(events: readonly VaultEvent[]): {
  balances: Map<string, bigint>;
  totalSupply: bigint;
  lockedShares: bigint;
  idleAssets: bigint;
  deployedAssets: bigint;
} {
  const balances = new Map<string, bigint>();
  const add = (who: string, shares: bigint): void => {
    balances.set(who, (balances.get(who) ?? 0n) + shares);
  };
  let totalSupply = 0n;
  let lockedShares = 0n;
  let idleAssets = 0n;
  let deployedAssets = 0n;
  for (const event of events) {
    switch (event.type) {
      case 'Deposit':
        add(event.receiver, event.shares);
        totalSupply += event.shares;
        idleAssets += event.assets;
        break;
      case 'Withdraw':
        add(event.owner, -event.shares);
        totalSupply -= event.shares;
        idleAssets -= event.assets;
        break;
      case 'FeesAccrued':
        add(event.feeRecipient, event.feeShares);
        totalSupply += event.feeShares;
        break;
      case 'RedeemRequested':
        add(event.owner, -event.shares);
        lockedShares += event.shares;
        break;
      case 'RedeemProcessed':
        lockedShares -= event.shares;
        totalSupply -= event.shares;
        idleAssets -= event.assets;
        break;
      case 'RedeemCancelled':
        add(event.owner, event.shares);
        lockedShares -= event.shares;
        break;
      case 'StrategyReported':
        deployedAssets = event.deployedAssets;
        break;
      case 'Allocated':
        idleAssets -= event.assets;
        deployedAssets += event.assets;
        break;
      case 'Deallocated':
        idleAssets += event.assets;
        deployedAssets -= event.assets;
        break;
      case 'Donated':
        idleAssets += event.assets;
        break;
      default:
        break;
    }
  }
  return { balances, totalSupply, lockedShares, idleAssets, deployedAssets };
}

export function sum(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}
