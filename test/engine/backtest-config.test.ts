import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/data/project-paths.js';
import { loadBacktestConfig, parseBacktestConfig, resolveBacktestConfig, wholeTokensToBaseUnits } from '../../src/engine/backtest-config.js';
import { InvalidInputError } from '../../src/errors.js';
import { runBacktest } from '../../src/engine/backtest.js';
import { rangeManager } from '../../src/strategy/range-manager.js';

const DEFAULT = join(projectRoot(), 'examples/backtests/range-manager.json');

/** base units → the shortest whole-token decimal string, written independently of the parser */
function toWholeTokens(amount: bigint, decimals: number): string {
  const digits = amount.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

describe('whole tokens in a config', () => {
  it('round-trip exactly to base units for any amount and decimals', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 40n }), fc.integer({ min: 0, max: 24 }), (amount, decimals) => {
        expect(wholeTokensToBaseUnits('x', toWholeTokens(amount, decimals), decimals)).toBe(amount);
      }),
      { seed: 11, numRuns: 500 },
    );
  });

  it('refuses more decimals than the token has, signs, exponents and blanks, naming the field', () => {
    expect(wholeTokensToBaseUnits('f', '1.5', 6)).toBe(1_500_000n);
    for (const bad of ['1.0000001', '-1', '1e6', '', ' 1', '01', '1.']) {
      expect(() => wholeTokensToBaseUnits('config.vault.initialFunding.USDC', bad, 6)).toThrow(/config\.vault\.initialFunding\.USDC/);
    }
  });
});

describe('a config resolved into backtest options', () => {
  it('converts the funding with the scenario decimals and takes blocks and seed from flags over the config', () => {
    const loaded = loadBacktestConfig(DEFAULT);
    const options = resolveBacktestConfig(loaded, rangeManager);
    const decimals = options.scenario!.tokens;
    for (const [token, whole] of Object.entries(loaded.config.vault.initialFunding)) {
      // the default funds whole numbers of tokens: 10^decimals base units each
      expect(whole).toMatch(/^\d+$/);
      expect(options.vault.initialFunding[token]).toBe(BigInt(whole) * 10n ** BigInt(decimals[token]!));
    }
    expect(options.blocks).toBe(loaded.config.blocks);
    expect(options.seed).toBe(loaded.config.seed);
    const overridden = resolveBacktestConfig(loaded, rangeManager, { blocks: 7, seed: 9 });
    expect([overridden.blocks, overridden.seed]).toEqual([7, 9]);
  });

  it('without blocks and seed, takes the scenario\'s; an inline scenario object works like a file', () => {
    const loaded = loadBacktestConfig(DEFAULT);
    const { blocks: _b, seed: _s, ...rest } = loaded.config;
    const bare = parseBacktestConfig({ ...rest }, loaded.baseDirectory);
    const options = resolveBacktestConfig(bare, rangeManager);
    expect(options.blocks).toBe(options.scenario!.blocks);
    expect(options.seed).toBe(options.scenario!.seed);
    const inline = parseBacktestConfig({ ...rest, scenario: JSON.parse(JSON.stringify(options.scenario)) }, '/nowhere');
    expect(resolveBacktestConfig(inline, rangeManager).scenario).toEqual(options.scenario);
  });

  it('names the path of the first bad field', () => {
    const loaded = loadBacktestConfig(DEFAULT);
    const bad = (edit: Record<string, unknown>) => () => parseBacktestConfig({ ...loaded.config, ...edit }, loaded.baseDirectory);
    expect(bad({ sampleEveryBlocks: 0 })).toThrow(/config\.sampleEveryBlocks/);
    expect(bad({ marks: 'mid' })).toThrow(/config\.marks/);
    expect(bad({ triggers: [{ type: 'everySeconds', seconds: -1 }] })).toThrow(/config\.triggers\[0\]\.seconds/);
    expect(bad({ colour: 'blue' })).toThrow(InvalidInputError);
    expect(bad({ colour: 'blue' })).toThrow(/config\.colour/);
    expect(bad({ haltAfterConsecutiveFailures: -1 })).toThrow(/config\.haltAfterConsecutiveFailures/);
  });

  it("passes the failure breaker's limit through, and leaves the engine default otherwise", () => {
    const loaded = loadBacktestConfig(DEFAULT);
    expect(resolveBacktestConfig(loaded, rangeManager).haltAfterConsecutiveFailures).toBeUndefined();
    const never = parseBacktestConfig({ ...loaded.config, haltAfterConsecutiveFailures: 0 }, loaded.baseDirectory);
    expect(resolveBacktestConfig(never, rangeManager).haltAfterConsecutiveFailures).toBe(0);
  });

  it('passes risk limits to a risk check (bigint limits as decimal strings)', () => {
    const loaded = loadBacktestConfig(DEFAULT);
    const withRisk = parseBacktestConfig({ ...loaded.config, risk: { maxLeverageBps: 15_000, minHealthFactorWad: '1600000000000000000' } }, loaded.baseDirectory);
    const options = resolveBacktestConfig(withRisk, rangeManager);
    const limits = (options.risk as unknown as { limits: { maxLeverageBps: number; minHealthFactorWad: bigint } }).limits;
    expect(limits.maxLeverageBps).toBe(15_000);
    expect(limits.minHealthFactorWad).toBe(1_600_000_000_000_000_000n);
    const wrong = parseBacktestConfig({ ...loaded.config, risk: { minHealthFactorWad: 1.6 } }, loaded.baseDirectory);
    expect(() => resolveBacktestConfig(wrong, rangeManager)).toThrow(/config\.risk\.minHealthFactorWad/);
  });
});

describe('vault fees in a config', () => {
  it('reach the vault: a management fee dilutes NAV per share, not the NAV', () => {
    const loaded = loadBacktestConfig(DEFAULT);
    const run = (fees: Record<string, unknown> | undefined) => {
      const vault = { ...loaded.config.vault, ...(fees === undefined ? {} : { fees }) };
      const options = resolveBacktestConfig(parseBacktestConfig({ ...loaded.config, vault }, loaded.baseDirectory), rangeManager, { blocks: 120 });
      return runBacktest(options);
    };
    const free = run(undefined);
    const charged = run({ managementFeeBps: 200 });
    expect(charged.vault.totalAssets).toBe(free.vault.totalAssets);
    expect(charged.vault.totalSupply).toBeGreaterThan(free.vault.totalSupply);
    expect(charged.series.navPerShare.at(-1)!).toBeLessThan(free.series.navPerShare.at(-1)!);
    expect(() => parseBacktestConfig({ ...loaded.config, vault: { ...loaded.config.vault, fees: { managementFeeBps: -1 } } }, loaded.baseDirectory)).toThrow(/config\.vault\.fees\.managementFeeBps/);
  });
});
