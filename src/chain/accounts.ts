/**
 * Deterministic devnet accounts. The mnemonic below is anvil's and Hardhat's PUBLIC default
 * test mnemonic, known to everyone: it is not a secret and must never hold real funds. Using
 * it means account i has the same address on every run and every machine.
 */
import { mnemonicToAccount, type HDAccount } from 'viem/accounts';
import type { Address } from 'viem';
import { InvalidInputError } from '../errors.js';

/** Public test mnemonic (anvil default); NOT a secret. */
export const DEVNET_MNEMONIC = 'test test test test test test test test test test test junk';
export const DEVNET_CHAIN_ID = 31337;
export const DEVNET_ACCOUNT_COUNT = 10;
export const DEVNET_BALANCE_ETH = 10_000;

/**
 * Addresses of the first accounts derived from DEVNET_MNEMONIC (m/44'/60'/0'/0/i). Listed so
 * that callers needing only an address skip the key derivation (a few ms each).
 */
export const DEVNET_ADDRESSES = [
  '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
  '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
  '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
  '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
  '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955',
  '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f',
  '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720',
] as const satisfies readonly Address[];

const cache = new Map<number, HDAccount>();

/** Local (signing) account i of the devnet mnemonic; cached because derivation is slow-ish. */
export function devnetAccount(index = 0): HDAccount {
  if (!(Number.isSafeInteger(index) && index >= 0 && index < DEVNET_ACCOUNT_COUNT)) {
    throw new InvalidInputError('accountIndex', index, `must be an integer in [0, ${DEVNET_ACCOUNT_COUNT})`);
  }
  let account = cache.get(index);
  if (account === undefined) {
    account = mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: index });
    cache.set(index, account);
  }
  return account;
}

/** Address of devnet account i without deriving its key. */
export function devnetAddress(index = 0): Address {
  const address = DEVNET_ADDRESSES[index];
  if (address === undefined) {
    throw new InvalidInputError('accountIndex', index, `must be an integer in [0, ${DEVNET_ADDRESSES.length})`);
  }
  return address;
}
