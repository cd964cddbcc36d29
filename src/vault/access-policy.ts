/**
 * Who may deposit. The vault asks its policy about the RECEIVER of the shares (the future
 * holder), as OpenZeppelin's `maxDeposit(receiver)` does: a refused receiver sees maxDeposit = 0
 * and a deposit to it fails with `NotAllowed`. Exits are never gated: a holder can always leave.
 */
import { InvalidInputError } from '../errors.js';

export type AccessPolicy = (depositor: string) => boolean;

/** Anyone may deposit. */
export const openAccess: AccessPolicy = () => true;

/**
 * Restricts a vault to verified depositors: only members of the list may receive shares from a
 * deposit or mint. Membership can change while the vault runs (KYC granted or revoked).
 */
export class Allowlist {
  private readonly members = new Set<string>();

  constructor(initialMembers: Iterable<string> = []) {
    for (const member of initialMembers) this.allow(member);
  }

  /** The hook to hand to the vault; bound, so it can be passed around. */
  readonly policy: AccessPolicy = (depositor) => this.members.has(depositor);

  allow(depositor: string): void {
    if (typeof depositor !== 'string' || depositor.length === 0) {
      throw new InvalidInputError('depositor', depositor, 'must be a non-empty address');
    }
    this.members.add(depositor);
  }

  revoke(depositor: string): void {
    this.members.delete(depositor);
  }

  has(depositor: string): boolean {
    return this.members.has(depositor);
  }
}
