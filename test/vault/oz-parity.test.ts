/**
 * The TypeScript vault against OpenZeppelin's own bytecode: a plain ERC4626 with a decimals
 * offset, compiled from the installed @openzeppelin/contracts by solc-js and run on anvil. On the
 * same seeded sequence of deposits, mints, withdrawals, redemptions and donations (no fees, no
 * cap, everything idle, where the two vaults have the same rules) every return value, preview,
 * max and post-state equals the contract's to the wei.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { encodeAbiParameters, encodeFunctionData, parseAbi, type Address, type Hex } from 'viem';
import { afterAll, describe, expect, it } from 'vitest';
import { DEVNET_ADDRESSES } from '../../src/chain/accounts.js';
import { sendDevnetTransaction } from '../../src/chain/clients.js';
import { compileContracts } from '../../src/chain/compile.js';
import { projectRoot } from '../../src/data/project-paths.js';
import { Vault } from '../../src/vault/index.js';
import { useDevnet } from '../chain/helpers.js';

const PLAIN_4626 = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;
import {ERC20} from '@openzeppelin/contracts/token/ERC20/ERC20.sol';
import {ERC4626} from '@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol';
import {IERC20} from '@openzeppelin/contracts/token/ERC20/IERC20.sol';

contract Plain4626 is ERC4626 {
    uint8 private immutable _offset;
    constructor(IERC20 asset_, uint8 offset_) ERC20('Plain vault', 'pV') ERC4626(asset_) { _offset = offset_; }
    function _decimalsOffset() internal view override returns (uint8) { return _offset; }
}
`;

const vaultAbi = parseAbi([
  'function deposit(uint256 assets, address receiver) returns (uint256)',
  'function mint(uint256 shares, address receiver) returns (uint256)',
  'function withdraw(uint256 assets, address receiver, address owner) returns (uint256)',
  'function redeem(uint256 shares, address receiver, address owner) returns (uint256)',
  'function previewDeposit(uint256) view returns (uint256)',
  'function previewMint(uint256) view returns (uint256)',
  'function previewWithdraw(uint256) view returns (uint256)',
  'function previewRedeem(uint256) view returns (uint256)',
  'function maxWithdraw(address) view returns (uint256)',
  'function maxRedeem(address) view returns (uint256)',
  'function totalAssets() view returns (uint256)',
  'function totalSupply() view returns (uint256)',
  'function balanceOf(address) view returns (uint256)',
  'function decimals() view returns (uint8)',
]);
const tokenAbi = parseAbi([
  'function mint(address to, uint256 amount)',
  'function approve(address spender, uint256 amount) returns (bool)',
  'function transfer(address to, uint256 amount) returns (bool)',
]);

type ParityOp =
  | { kind: 'deposit' | 'mint' | 'donate'; who: number; amount: bigint }
  | { kind: 'withdraw' | 'redeem'; who: number; millionths: number };

const amount = fc.oneof(fc.bigInt({ min: 0n, max: 1_000n }), fc.bigInt({ min: 0n, max: 10n ** 13n }));
const who = fc.integer({ min: 0, max: 2 });
const millionths = fc.integer({ min: 0, max: 1_000_000 });
const opArb: fc.Arbitrary<ParityOp> = fc.oneof(
  fc.record({ kind: fc.constantFrom('deposit' as const, 'mint' as const, 'donate' as const), who, amount }),
  fc.record({ kind: fc.constantFrom('withdraw' as const, 'redeem' as const), who, millionths }),
);

describe('TypeScript vault = OpenZeppelin ERC4626 bytecode', () => {
  const devnet = useDevnet();
  const sources = mkdtempSync(join(tmpdir(), 'vaultwright-oz4626-'));
  afterAll(() => rmSync(sources, { recursive: true, force: true }));

  for (const [offset, seed] of [[0, 71], [6, 72]] as const) {
    it(`offset ${offset}: previews, max and state equal the contract's after every operation`, async () => {
      writeFileSync(join(sources, 'Plain4626.sol'), PLAIN_4626);
      writeFileSync(join(sources, 'TestERC20.sol'), readFileSync(join(projectRoot(), 'contracts', 'TestERC20.sol'), 'utf8'));
      const { contracts } = compileContracts({ sourcesDir: sources });
      const { clients } = devnet.current;
      const { publicClient } = clients;
      const deployer = DEVNET_ADDRESSES[0];
      const users = [DEVNET_ADDRESSES[1], DEVNET_ADDRESSES[2], DEVNET_ADDRESSES[3]] as const;
      const deploy = async (bytecode: Hex, args: Hex): Promise<Address> => {
        const receipt = await sendDevnetTransaction(clients, { from: deployer, data: `${bytecode}${args.slice(2)}` as Hex });
        return receipt.contractAddress as Address;
      };
      const token = await deploy(
        contracts.TestERC20!.bytecode,
        encodeAbiParameters([{ type: 'string' }, { type: 'string' }, { type: 'uint8' }], ['Test USD', 'tUSD', 6]),
      );
      const chainVault = await deploy(contracts.Plain4626!.bytecode, encodeAbiParameters([{ type: 'address' }, { type: 'uint8' }], [token, offset]));
      const send = (from: Address, to: Address, data: Hex) => sendDevnetTransaction(clients, { from, to, data, gas: 1_000_000n });
      for (const user of [...users, deployer]) {
        await send(deployer, token, encodeFunctionData({ abi: tokenAbi, functionName: 'mint', args: [user, 10n ** 30n] }));
        await send(user, token, encodeFunctionData({ abi: tokenAbi, functionName: 'approve', args: [chainVault, 2n ** 256n - 1n] }));
      }
      const read = (functionName: 'previewDeposit' | 'previewMint' | 'previewWithdraw' | 'previewRedeem', x: bigint): Promise<bigint> =>
        publicClient.readContract({ address: chainVault, abi: vaultAbi, functionName, args: [x] });
      const readOf = (functionName: 'maxWithdraw' | 'maxRedeem' | 'balanceOf', owner: Address) =>
        publicClient.readContract({ address: chainVault, abi: vaultAbi, functionName, args: [owner] });

      const vault = new Vault({ assetDecimals: 6, decimalsOffset: offset });
      expect(await publicClient.readContract({ address: chainVault, abi: vaultAbi, functionName: 'decimals' })).toBe(vault.decimals);
      const ops = fc.sample(fc.array(opArb, { minLength: 40, maxLength: 40 }), { seed, numRuns: 1 })[0]!;
      // Open with an inflation attempt so the price is far from 1 and every rounding bites.
      const opening: ParityOp[] = [
        { kind: 'deposit', who: 0, amount: 1n },
        { kind: 'donate', who: 0, amount: 123_456_789_123n },
      ];
      let checked = 0;
      for (const op of [...opening, ...ops]) {
        const user = users[op.who]!;
        switch (op.kind) {
          case 'deposit': {
            expect(await read('previewDeposit', op.amount)).toBe(vault.previewDeposit(op.amount));
            const { result } = await publicClient.simulateContract({ account: user, address: chainVault, abi: vaultAbi, functionName: 'deposit', args: [op.amount, user] });
            expect(vault.deposit(op.amount, user, 0)).toBe(result);
            await send(user, chainVault, encodeFunctionData({ abi: vaultAbi, functionName: 'deposit', args: [op.amount, user] }));
            break;
          }
          case 'mint': {
            expect(await read('previewMint', op.amount)).toBe(vault.previewMint(op.amount));
            const { result } = await publicClient.simulateContract({ account: user, address: chainVault, abi: vaultAbi, functionName: 'mint', args: [op.amount, user] });
            expect(vault.mint(op.amount, user, 0)).toBe(result);
            await send(user, chainVault, encodeFunctionData({ abi: vaultAbi, functionName: 'mint', args: [op.amount, user] }));
            break;
          }
          case 'donate':
            vault.donate(op.amount, 0);
            await send(user, token, encodeFunctionData({ abi: tokenAbi, functionName: 'transfer', args: [chainVault, op.amount] }));
            break;
          case 'withdraw': {
            const max = vault.maxWithdraw(user);
            expect(await readOf('maxWithdraw', user)).toBe(max);
            const assets = (max * BigInt(op.millionths)) / 1_000_000n;
            expect(await read('previewWithdraw', assets)).toBe(vault.previewWithdraw(assets));
            const { result } = await publicClient.simulateContract({ account: user, address: chainVault, abi: vaultAbi, functionName: 'withdraw', args: [assets, user, user] });
            expect(vault.withdraw(assets, user, user, 0)).toBe(result);
            await send(user, chainVault, encodeFunctionData({ abi: vaultAbi, functionName: 'withdraw', args: [assets, user, user] }));
            break;
          }
          case 'redeem': {
            const max = vault.maxRedeem(user);
            expect(await readOf('maxRedeem', user)).toBe(max);
            const shares = (max * BigInt(op.millionths)) / 1_000_000n;
            expect(await read('previewRedeem', shares)).toBe(vault.previewRedeem(shares));
            const { result } = await publicClient.simulateContract({ account: user, address: chainVault, abi: vaultAbi, functionName: 'redeem', args: [shares, user, user] });
            expect(vault.redeem(shares, user, user, 0)).toBe(result);
            await send(user, chainVault, encodeFunctionData({ abi: vaultAbi, functionName: 'redeem', args: [shares, user, user] }));
            break;
          }
        }
        expect(await publicClient.readContract({ address: chainVault, abi: vaultAbi, functionName: 'totalAssets' })).toBe(vault.totalAssets);
        expect(await publicClient.readContract({ address: chainVault, abi: vaultAbi, functionName: 'totalSupply' })).toBe(vault.totalSupply);
        for (const u of users) expect(await readOf('balanceOf', u)).toBe(vault.balanceOf(u));
        checked += 1;
      }
      expect(checked).toBe(42);
      expect(vault.totalSupply).toBeGreaterThan(0n);
    });
  }
});
