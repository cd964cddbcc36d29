/**
 * @uniswap/v3-sdk, and the JSBI copy it resolves itself (it nests jsbi 3.x; the top-level one
 * is 4.x), both loaded through require: one CommonJS instance under vitest and tsx alike
 * (the SDK's ESM build uses extensionless imports Node cannot load).
 */
import { createRequire } from 'node:module';
import type * as SdkModule from '@uniswap/v3-sdk';

const require = createRequire(import.meta.url);

export const sdk = require('@uniswap/v3-sdk') as typeof SdkModule;
export type JSBI = ReturnType<typeof SdkModule.TickMath.getSqrtRatioAtTick>;
export const JSBI = createRequire(require.resolve('@uniswap/v3-sdk'))('jsbi') as {
  BigInt(value: string | number): JSBI;
};
