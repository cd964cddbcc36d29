/**
 * Nonces of one sender, handed out locally so back-to-back sends need no round trip and never
 * leave a gap: one in-flight sequence per sender. The chain's `pending` count is the truth on
 * start and after any failure (`reconcile`); between failures the local counter runs ahead of
 * what the node has seen.
 */
import type { Address, PublicClient } from 'viem';

export class NonceManager {
  private next: number | undefined;

  constructor(
    private readonly client: Pick<PublicClient, 'getTransactionCount'>,
    readonly address: Address,
  ) {}

  /** Forgets the local counter and reads the node's pending count. */
  async reconcile(): Promise<number> {
    this.next = await this.client.getTransactionCount({ address: this.address, blockTag: 'pending' });
    return this.next;
  }

  /**
   * The next nonce, reserved. Callers serialize their sends (the chain executor does) so the
   * reserved nonces reach the node in order.
   */
  async take(): Promise<number> {
    if (this.next === undefined) await this.reconcile();
    const nonce = this.next!;
    this.next = nonce + 1;
    return nonce;
  }

  /** The nonce the next `take` would return, if known. */
  peek(): number | undefined {
    return this.next;
  }
}
