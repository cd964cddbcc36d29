/**
 * The withdrawal queue, ERC-7540 style, for exits larger than the idle assets.
 *
 * Spec for the Solidity port:
 *   requestRedeem(shares, owner): accrue fees; require shares <= balanceOf(owner);
 *     _transfer(owner, address(this), shares)       // locked: still in totalSupply
 *     requests[nextId] = (owner, shares, timestamp); emit RedeemRequested(id, owner, shares); nextId++
 *   processQueue(maxRequests): accrue fees; then FIFO from `head`:
 *     skip cancelled slots (shares == 0);
 *     assets = _convertToAssets(shares, Floor)        // price at PROCESSING time
 *     if assets > idle: stop                         // strict FIFO: nobody overtakes the head
 *     _burn(address(this), shares); asset.transfer(owner, assets); emit RedeemProcessed(...)
 *     each request sees the totals left by the previous one (burns change S and A).
 *   cancelRequest(id): only the request's owner; _transfer(address(this), owner, shares); delete.
 *
 * Why the price at processing and not at request: the locked shares stay in totalSupply, so
 * until they are served they bear the strategy's gains, losses and fees like every other share.
 * Fixing the price at request would hand a waiting redeemer a free put against losses reported
 * while they wait, paid by those who stay; at processing time losses are shared pro rata.
 * Why strict FIFO: serving a smaller later request first would let requests be split to jump
 * the line; the head blocks until the strategy frees enough assets.
 * Priority over instant exits: the vault reserves ⌈lockedShares·(A+1)/(S+V)⌉ of its idle assets
 * for the queue (`Vault.reservedAssets`); instant withdraw/redeem and allocation see only the
 * rest (maxWithdraw/maxRedeem use `idle − reserved`), so freed assets go to the queue first.
 */
import { VaultError } from './errors.js';
import { convertToAssets, type VaultTotals } from './erc4626-math.js';

export interface RedeemRequest {
  readonly requestId: number;
  readonly owner: string;
  readonly shares: bigint;
  readonly requestedAtSeconds: number;
}

export interface ServedRequest {
  readonly request: RedeemRequest;
  readonly assets: bigint;
}

export interface QueueServing {
  readonly served: readonly ServedRequest[];
  readonly totals: VaultTotals;
  readonly idleAssets: bigint;
}

/** FIFO of pending requests; the shares they lock are counted in `lockedShares`. */
export class WithdrawalQueue {
  private requests: RedeemRequest[] = [];
  private nextRequestId = 1;
  private locked = 0n;

  get lockedShares(): bigint {
    return this.locked;
  }

  get length(): number {
    return this.requests.length;
  }

  /** Pending requests, oldest first. */
  pending(): readonly RedeemRequest[] {
    return [...this.requests];
  }

  enqueue(owner: string, shares: bigint, nowSeconds: number): RedeemRequest {
    const request: RedeemRequest = { requestId: this.nextRequestId++, owner, shares, requestedAtSeconds: nowSeconds };
    this.requests.push(request);
    this.locked += shares;
    return request;
  }

  /** Throws unless `requestId` is pending and belongs to `owner`; does not change the queue. */
  find(requestId: number, owner: string): RedeemRequest {
    const request = this.requests.find((r) => r.requestId === requestId);
    if (request === undefined) throw new VaultError('UnknownRequest', { requestId });
    if (request.owner !== owner) throw new VaultError('NotRequestOwner', { requestId, owner });
    return request;
  }

  remove(requestId: number): void {
    const index = this.requests.findIndex((r) => r.requestId === requestId);
    const request = this.requests[index];
    if (request === undefined) throw new VaultError('UnknownRequest', { requestId });
    this.requests.splice(index, 1);
    this.locked -= request.shares;
  }

  clone(): WithdrawalQueue {
    const copy = new WithdrawalQueue();
    copy.requests = [...this.requests];
    copy.nextRequestId = this.nextRequestId;
    copy.locked = this.locked;
    return copy;
  }
}

/**
 * Which requests the idle assets can serve now, oldest first, each at the price left by the one
 * before; pure, so the vault can check before it commits.
 */
export function serveFifo(
  requests: readonly RedeemRequest[],
  totals: VaultTotals,
  idleAssets: bigint,
  maxRequests: number,
): QueueServing {
  const served: ServedRequest[] = [];
  let current = totals;
  let idle = idleAssets;
  for (const request of requests) {
    if (served.length >= maxRequests) break;
    const assets = convertToAssets(request.shares, current, 'floor');
    if (assets > idle) break;
    served.push({ request, assets });
    idle -= assets;
    current = {
      totalAssets: current.totalAssets - assets,
      totalSupply: current.totalSupply - request.shares,
      decimalsOffset: current.decimalsOffset,
    };
  }
  return { served, totals: current, idleAssets: idle };
}
