/**
 * The simulator's token ledger: one bigint balance per (address, token), the native gas token
 * included. Venues hold their tokens in it under their own address, so a balance sheet of the
 * whole market is one sum. Tokens enter only through `mint` and leave only through `burn`
 * (the EIP-1559 base fee), both counted, so conservation is checkable:
 * Σ balances of a token = minted − burned.
 */
import { InvalidInputError } from '../../errors.js';

/** A transfer the sender cannot cover: the revert an ERC-20 `transferFrom` raises. */
export class InsufficientBalanceError extends Error {
  override readonly name = 'InsufficientBalanceError';
  constructor(
    readonly address: string,
    readonly token: string,
    readonly balance: bigint,
    readonly amount: bigint,
  ) {
    super(`${address} holds ${balance} ${token}, needs ${amount}`);
  }
}

export class TokenLedger {
  private readonly balances = new Map<string, Map<string, bigint>>();
  private readonly mintedTotals = new Map<string, bigint>();
  private readonly burnedTotals = new Map<string, bigint>();

  balanceOf(address: string, token: string): bigint {
    return this.balances.get(address)?.get(token) ?? 0n;
  }

  /** Creates tokens out of nothing (genesis funding, a faucet): the only way supply grows. */
  mint(address: string, token: string, amount: bigint): void {
    requireAmount(amount);
    this.add(address, token, amount);
    this.mintedTotals.set(token, (this.mintedTotals.get(token) ?? 0n) + amount);
  }

  /** Destroys tokens (the burned base fee). */
  burn(address: string, token: string, amount: bigint): void {
    requireAmount(amount);
    this.debit(address, token, amount);
    this.burnedTotals.set(token, (this.burnedTotals.get(token) ?? 0n) + amount);
  }

  transfer(from: string, to: string, token: string, amount: bigint): void {
    requireAmount(amount);
    if (amount === 0n || from === to) {
      if (this.balanceOf(from, token) < amount) throw new InsufficientBalanceError(from, token, this.balanceOf(from, token), amount);
      return;
    }
    this.debit(from, token, amount);
    this.add(to, token, amount);
  }

  /** Throws InsufficientBalanceError unless `address` holds at least `amount`. */
  require(address: string, token: string, amount: bigint): void {
    const balance = this.balanceOf(address, token);
    if (balance < amount) throw new InsufficientBalanceError(address, token, balance, amount);
  }

  minted(token: string): bigint {
    return this.mintedTotals.get(token) ?? 0n;
  }

  burned(token: string): bigint {
    return this.burnedTotals.get(token) ?? 0n;
  }

  /** Σ balances of a token over every address. */
  totalOf(token: string): bigint {
    let total = 0n;
    for (const tokens of this.balances.values()) total += tokens.get(token) ?? 0n;
    return total;
  }

  /** Every token that was ever minted, sorted. */
  tokens(): string[] {
    return [...this.mintedTotals.keys()].sort();
  }

  /** Every address with a balance entry, sorted. */
  addresses(): string[] {
    return [...this.balances.keys()].sort();
  }

  /** The balances of one address, tokens sorted. */
  balancesOf(address: string): [token: string, amount: bigint][] {
    return [...(this.balances.get(address) ?? new Map<string, bigint>())].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  private add(address: string, token: string, amount: bigint): void {
    let tokens = this.balances.get(address);
    if (tokens === undefined) {
      if (address.length === 0) throw new InvalidInputError('address', address, 'must be a non-empty string');
      tokens = new Map();
      this.balances.set(address, tokens);
    }
    tokens.set(token, (tokens.get(token) ?? 0n) + amount);
  }

  private debit(address: string, token: string, amount: bigint): void {
    const tokens = this.balances.get(address);
    const balance = tokens?.get(token) ?? 0n;
    if (balance < amount) throw new InsufficientBalanceError(address, token, balance, amount);
    tokens!.set(token, balance - amount);
  }
}

function requireAmount(amount: bigint): void {
  if (typeof amount !== 'bigint' || amount < 0n) throw new InvalidInputError('amount', amount, 'must be a bigint >= 0 (base units)');
}
