/**
 * viem clients for a devnet URL, plus the fast transaction path used by the devnet drivers.
 *
 * Fast path: anvil's dev accounts are unlocked, so a transaction goes out as
 * `eth_sendTransactionSync` (anvil mines it and answers with the receipt: one round trip) with
 * an explicit gas limit (gas estimates on anvil are sometimes short, see DESIGN.md). When the
 * node lacks that method, it falls back to `eth_sendTransaction` + a receipt wait with a short
 * polling interval.
 */
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  formatTransactionReceipt,
  http,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type HDAccount,
  type PublicClient,
  type RpcTransactionReceipt,
  type TestClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem';
import { InvalidInputError } from '../errors.js';
import { DEVNET_CHAIN_ID, devnetAccount } from './accounts.js';

/** Gas limit sent with every devnet transaction unless the caller gives one. */
export const DEFAULT_TX_GAS = 10_000_000n;

export interface DevnetClients {
  readonly rpcUrl: string;
  readonly chain: Chain;
  readonly publicClient: PublicClient<Transport, Chain>;
  /** Signs locally with `account` (works against any node, not only anvil). */
  readonly walletClient: WalletClient<Transport, Chain, HDAccount>;
  readonly testClient: TestClient<'anvil', Transport, Chain>;
  /** Default sender: devnet account `accountIndex` (unlocked on anvil). */
  readonly account: HDAccount;
  readonly pollingIntervalMs: number;
}

export interface DevnetClientOptions {
  /** How often viem polls (receipts, block watchers). Short, because anvil mines instantly. */
  pollingIntervalMs?: number;
  /** Which devnet account is the default sender. */
  accountIndex?: number;
}

export function devnetChain(rpcUrl: string): Chain {
  return defineChain({
    id: DEVNET_CHAIN_ID,
    name: 'Vaultwright devnet (anvil)',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

export function createDevnetClients(rpcUrl: string, options: DevnetClientOptions = {}): DevnetClients {
  const pollingIntervalMs = options.pollingIntervalMs ?? 50;
  if (!(Number.isFinite(pollingIntervalMs) && pollingIntervalMs > 0)) {
    throw new InvalidInputError('pollingIntervalMs', pollingIntervalMs, 'must be a finite number > 0');
  }
  let url: URL;
  try {
    url = new URL(rpcUrl);
  } catch {
    throw new InvalidInputError('rpcUrl', rpcUrl, 'is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidInputError('rpcUrl', rpcUrl, 'must be an http(s) URL');
  }
  const account = devnetAccount(options.accountIndex ?? 0);
  const chain = devnetChain(rpcUrl);
  // No retries: a local node either answers or is gone, and retrying hides a dead anvil.
  const transport = http(rpcUrl, { retryCount: 0, timeout: 30_000 });
  return {
    rpcUrl,
    chain,
    account,
    pollingIntervalMs,
    publicClient: createPublicClient({ chain, transport, pollingInterval: pollingIntervalMs }),
    walletClient: createWalletClient({ chain, transport, account, pollingInterval: pollingIntervalMs }),
    testClient: createTestClient({ chain, transport, mode: 'anvil', pollingInterval: pollingIntervalMs }),
  };
}

export interface DevnetTransaction {
  /** An account the node holds unlocked (anvil's dev accounts, or an impersonated one). */
  from: Address;
  /** Omitted for a contract creation. */
  to?: Address;
  data: Hex;
  value?: bigint;
  gas?: bigint;
}

export class TransactionRevertedError extends Error {
  override readonly name = 'TransactionRevertedError';
  constructor(readonly receipt: TransactionReceipt) {
    super(`transaction ${receipt.transactionHash} reverted in block ${receipt.blockNumber}`);
  }
}

/** Raw JSON-RPC, for methods outside viem's typed schema. */
export async function devnetRequest<T>(clients: DevnetClients, method: string, params: readonly unknown[]): Promise<T> {
  const request = clients.publicClient.request as unknown as (args: {
    method: string;
    params: readonly unknown[];
  }) => Promise<T>;
  return request({ method, params });
}

const syncUnsupported = new WeakSet<DevnetClients>();

/**
 * Sends from an unlocked account and resolves with the mined receipt. Throws
 * TransactionRevertedError when the transaction mined but reverted (callers that want the
 * revert reason simulate first).
 */
export async function sendDevnetTransaction(clients: DevnetClients, tx: DevnetTransaction): Promise<TransactionReceipt> {
  const rpcTx: Record<string, string> = {
    from: tx.from,
    data: tx.data,
    gas: toQuantity(tx.gas ?? DEFAULT_TX_GAS),
  };
  if (tx.to !== undefined) rpcTx.to = tx.to;
  if (tx.value !== undefined) rpcTx.value = toQuantity(tx.value);

  let receipt: TransactionReceipt | undefined;
  if (!syncUnsupported.has(clients)) {
    try {
      const raw = await devnetRequest<RpcTransactionReceipt>(clients, 'eth_sendTransactionSync', [rpcTx]);
      receipt = formatTransactionReceipt(raw);
    } catch (error) {
      if (!isMethodNotFound(error)) throw error;
      syncUnsupported.add(clients);
    }
  }
  if (receipt === undefined) {
    const hash = await devnetRequest<Hash>(clients, 'eth_sendTransaction', [rpcTx]);
    receipt = await clients.publicClient.waitForTransactionReceipt({ hash, pollingInterval: Math.min(clients.pollingIntervalMs, 10) });
  }
  if (receipt.status !== 'success') throw new TransactionRevertedError(receipt);
  return receipt;
}

/** Time control (anvil): the next block's timestamp, in seconds. */
export async function setNextBlockTimestamp(clients: DevnetClients, timestampSeconds: bigint | number): Promise<void> {
  const t = BigInt(timestampSeconds);
  if (t < 0n) throw new InvalidInputError('timestampSeconds', timestampSeconds, 'must be >= 0');
  await clients.testClient.setNextBlockTimestamp({ timestamp: t });
}

/** Mines `blocks` empty blocks (anvil). */
export async function mineBlocks(clients: DevnetClients, blocks = 1): Promise<void> {
  if (!(Number.isSafeInteger(blocks) && blocks > 0)) throw new InvalidInputError('blocks', blocks, 'must be an integer > 0');
  await clients.testClient.mine({ blocks });
}

/** Timestamp of the latest block, in seconds. */
export async function latestBlockTimestamp(clients: DevnetClients): Promise<bigint> {
  const block = await clients.publicClient.getBlock({ blockTag: 'latest' });
  return block.timestamp;
}

function toQuantity(value: bigint): Hex {
  return `0x${value.toString(16)}`;
}

function isMethodNotFound(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === -32601) return true;
    if (/method not found|not supported|unknown method|does not exist/i.test(e.message)) return true;
  }
  return false;
}
