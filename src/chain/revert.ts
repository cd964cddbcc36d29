/**
 * Turns a failed simulation into a typed error. A Uniswap v3 pool revert string ('TLU', 'AS',
 * 'LOK', ...) becomes the same `UniswapV3Error` the TypeScript pool throws, so a parity test
 * compares `.reason` on both sides; anything else (custom errors bubbling up from a token or the
 * callback contract, panics, bare `require`s) becomes a `ChainRevertError`.
 */
import { BaseError, ContractFunctionRevertedError, type Hex } from 'viem';
import { UniswapV3Error, type UniswapV3RevertReason } from '../uniswap-v3/errors.js';

/** The revert strings the v3-core bytecode itself can produce. */
const POOL_REVERT_STRINGS: ReadonlySet<string> = new Set<UniswapV3RevertReason>([
  'T', 'R', 'LS', 'LA', 'LOK', 'AI', 'TLU', 'TLM', 'TUM', 'LO', 'NP', 'AS', 'SPL', 'M0', 'M1', 'IIA', 'OLD', 'I',
  'L', 'F0', 'F1', 'TF',
]);

export type RevertKind = 'string' | 'custom' | 'panic' | 'bare';

export class ChainRevertError extends Error {
  override readonly name = 'ChainRevertError';
  constructor(
    /** The revert string, the custom error's name, `Panic(0x..)`, or '' for a bare revert. */
    readonly reason: string,
    readonly kind: RevertKind,
    readonly functionName: string,
    /** Raw revert data, when the node returned it. */
    readonly data: Hex | undefined,
    readonly args: readonly unknown[] = [],
  ) {
    super(`${functionName} reverted: ${reason === '' ? '(no reason)' : reason}${args.length > 0 ? ` ${formatArgs(args)}` : ''}`);
  }
}

/**
 * The typed error for a contract call that reverted, or `undefined` when `error` is not a
 * revert (a network failure, say) and should be rethrown as it is.
 */
export function revertErrorFrom(error: unknown, functionName: string): UniswapV3Error | ChainRevertError | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return undefined;
  const raw = reverted.raw;
  const decoded = reverted.data;
  if (decoded?.errorName === 'Error') return stringRevert(String(decoded.args?.[0] ?? ''), functionName, raw);
  if (decoded?.errorName === 'Panic') {
    const code = decoded.args?.[0];
    const hex = typeof code === 'bigint' ? `0x${code.toString(16)}` : String(code);
    return new ChainRevertError(`Panic(${hex})`, 'panic', functionName, raw, decoded.args ?? []);
  }
  if (decoded !== undefined) {
    return new ChainRevertError(decoded.errorName, 'custom', functionName, raw, decoded.args ?? []);
  }
  // Revert data whose selector is in no ABI we passed: keep the selector as the reason.
  if (raw !== undefined && raw.length > 2) return new ChainRevertError(raw.slice(0, 10), 'custom', functionName, raw);
  // No data. Some nodes put the string only in the message ("execution reverted: TLU");
  // a plain "execution reverted" is a bare `require(cond)` / `revert()`.
  const match = /execution reverted(?::\s*(.+))?$/.exec(reverted.reason ?? '');
  if (match?.[1] !== undefined) return stringRevert(match[1].trim(), functionName, raw);
  return new ChainRevertError('', 'bare', functionName, raw);
}

function stringRevert(reason: string, functionName: string, raw: Hex | undefined): UniswapV3Error | ChainRevertError {
  if (POOL_REVERT_STRINGS.has(reason)) return new UniswapV3Error(reason as UniswapV3RevertReason, `on chain, ${functionName}`);
  return new ChainRevertError(reason, 'string', functionName, raw);
}

function formatArgs(args: readonly unknown[]): string {
  return `(${args.map((a) => (typeof a === 'bigint' ? a.toString() : String(a))).join(', ')})`;
}
