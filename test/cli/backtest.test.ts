import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerBacktestCommand, type BacktestCommandOptions } from '../../src/cli/commands/backtest.js';
import { EXIT_BAD_INPUT, EXIT_OK, main, runProgram } from '../../src/cli/main.js';
import { projectRoot } from '../../src/data/project-paths.js';
import { capture } from './capture.js';

const ROOT = projectRoot();
const DEFAULT_CONFIG = join(ROOT, 'examples/backtests/range-manager.json');
const EXAMPLE_MODULE = join(ROOT, 'examples/strategies/wide-range-rebalancer.ts');
const EXAMPLE_CONFIG = join(ROOT, 'examples/strategies/wide-range-rebalancer.json');
const PRICES = join(ROOT, 'data/prices/binance_ethusdt_1h_2024-01-21_2026-01-20.csv');
// Short prefixes: the TWAP window is 30 blocks of 60 s, so the first mint lands within 40 blocks.
const SHORT = '240';

/** Runs `vaultwright backtest ...` with stderr not a terminal (no progress bar) unless told. */
async function backtest(args: readonly string[], options: BacktestCommandOptions = { progress: false }): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const program = new Command('vaultwright').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerBacktestCommand(program, io, options);
  const code = await runProgram(program, ['backtest', ...args], io);
  return { code, out: io.out, err: io.err };
}

interface BacktestJson {
  strategy: string;
  seed: number;
  blocks: number;
  metrics: Record<string, unknown>;
  pnl: { navStart: string; navEnd: string; navChange: string; components: { name: string; amount: string }[] };
  details: { metrics: { navTotal: { start: { raw: string }; end: { raw: string } } } };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'vaultwright-backtest-'));
}

// A config as JSON.parse gives it: edited freely by the cases below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ConfigJson = Record<string, any>;

/** The default config with `edit` applied, written to a temp dir (scenario path made absolute). */
function writeConfig(edit: (config: ConfigJson) => void): { dir: string; file: string } {
  const config = JSON.parse(readFileSync(DEFAULT_CONFIG, 'utf8')) as ConfigJson;
  config['scenario'] = join(ROOT, 'examples/backtests', config['scenario'] as string);
  edit(config);
  const dir = tempDir();
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return { dir, file };
}

describe('vaultwright backtest --strategy range-manager (the default config on real data)', () => {
  it('runs a short prefix as JSON: every headline metric, and PnL components that add up to the NAV change', async () => {
    const { code, out, err } = await backtest(['--strategy', 'range-manager', '--blocks', SHORT, '--json']);
    expect(err).toBe('');
    expect(code).toBe(EXIT_OK);
    const json = JSON.parse(out) as BacktestJson;
    expect(json).toMatchObject({ strategy: 'range-manager', seed: 42, blocks: Number(SHORT) });
    for (const key of ['totalReturn', 'apr', 'sharpe', 'sortino', 'maxDrawdown', 'calmar', 'turnover', 'feesEarned', 'gasSpent', 'mevLost', 'trades', 'finalNavPerShare']) {
      expect(json.metrics).toHaveProperty(key);
    }
    const sum = json.pnl.components.reduce((total, c) => total + BigInt(c.amount), 0n);
    expect(sum).toBe(BigInt(json.pnl.navChange));
    expect(BigInt(json.pnl.navEnd) - BigInt(json.pnl.navStart)).toBe(BigInt(json.pnl.navChange));
    // the report's own NAV series says the same
    expect(BigInt(json.details.metrics.navTotal.end.raw) - BigInt(json.details.metrics.navTotal.start.raw)).toBe(sum);
    // it did something: the range manager minted (gas paid, so the gas component is negative)
    expect(BigInt(json.pnl.components.find((c) => c.name === 'gas')!.amount)).toBeLessThan(0n);
    expect(json.metrics['trades']).toBeGreaterThan(0);
  });

  it('same seed, same bytes; another seed, other bytes (the noise traders are seeded)', async () => {
    const a = await backtest(['--strategy', 'range-manager', '--blocks', SHORT, '--json', '--seed', '7']);
    const b = await backtest(['--strategy', 'range-manager', '--blocks', SHORT, '--json', '--seed', '7']);
    const c = await backtest(['--strategy', 'range-manager', '--blocks', SHORT, '--json', '--seed', '8']);
    expect(a.code).toBe(0);
    expect(b.out).toBe(a.out);
    expect(c.out).not.toBe(a.out);
    expect((JSON.parse(c.out) as BacktestJson).seed).toBe(8);
  });

  it('prints a table of metrics and the PnL decomposition for a person', async () => {
    const { code, out } = await backtest(['--strategy', 'range-manager', '--blocks', SHORT]);
    expect(code).toBe(0);
    const json = JSON.parse((await backtest(['--strategy', 'range-manager', '--blocks', SHORT, '--json'])).out) as BacktestJson;
    expect(out).toContain('PnL decomposition');
    for (const c of json.pnl.components) expect(out).toContain(c.name);
    expect(out).toMatch(/Sharpe|Sortino|max drawdown/);
  });

  it('--report writes one HTML file with the charts, and leaves no temp file', async () => {
    const dir = tempDir();
    const file = join(dir, 'report.html');
    const { code, err } = await backtest(['--strategy', 'range-manager', '--blocks', SHORT, '--report', file, '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<svg');
    for (const id of ['chart-equity', 'chart-drawdown', 'chart-range']) expect(html).toContain(`id="${id}"`);
    expect(html).toMatch(/PnL/);
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('--data replaces the replayed price file: doubled prices double the risky part of the starting NAV', async () => {
    const dir = tempDir();
    const lines = readFileSync(PRICES, 'utf8').split('\n').slice(0, 40);
    const doubled = [lines[0], ...lines.slice(1).filter((l) => l !== '').map((line) => {
      const [t, ...values] = line.split(',');
      return [t, ...values.slice(0, 4).map((v) => String(Number(v) * 2)), values[4]].join(',');
    })];
    const csv = join(dir, 'doubled.csv');
    writeFileSync(csv, `${doubled.join('\n')}\n`);
    const plain = JSON.parse((await backtest(['--strategy', 'range-manager', '--blocks', '20', '--json'])).out) as BacktestJson;
    const run = await backtest(['--strategy', 'range-manager', '--blocks', '20', '--json', '--data', csv]);
    expect(run.err).toBe('');
    const twice = JSON.parse(run.out) as BacktestJson;
    // funding: 100000 USDC plus ETH and WETH marked at the first close; floors cost at most a unit each
    const usdc = 100_000_000_000n;
    const risky = BigInt(plain.pnl.navStart) - usdc;
    const riskyTwice = BigInt(twice.pnl.navStart) - usdc;
    expect(riskyTwice - 2n * risky).toBeGreaterThanOrEqual(-2n);
    expect(riskyTwice - 2n * risky).toBeLessThanOrEqual(2n);
  });
});

describe('bad input: exit 2, one line naming the field and the value, no report written', () => {
  const cases: { what: string; edit: (c: ConfigJson) => void; field: string; value: string }[] = [
    { what: 'an unknown key', edit: (c) => (c['vault']['leverage'] = 3), field: 'config.vault.leverage', value: '3' },
    { what: 'a negative amount', edit: (c) => (c['vault']['initialFunding']['USDC'] = '-5'), field: 'config.vault.initialFunding.USDC', value: '"-5"' },
    { what: 'an unknown token', edit: (c) => (c['vault']['initialFunding']['DOGE'] = '1'), field: 'config.vault.initialFunding.DOGE', value: '"DOGE"' },
    { what: 'more decimals than the token has', edit: (c) => (c['vault']['initialFunding']['USDC'] = '1.0000001'), field: 'config.vault.initialFunding.USDC', value: '"1.0000001"' },
    { what: "a parameter the strategy's schema refuses", edit: (c) => (c['params']['baseThresholdTicks'] = 1205), field: 'config.params.baseThresholdTicks', value: '1205' },
    { what: 'an unknown parameter', edit: (c) => (c['params']['bandBps'] = 10), field: 'config.params.bandBps', value: '10' },
    { what: 'a bad guard', edit: (c) => (c['guards']['k'] = -1), field: 'config.guards.k', value: '-1' },
    { what: 'a bad risk limit', edit: (c) => (c['risk'] = { maxLeverageBps: -1 }), field: 'config.risk.maxLeverageBps', value: '-1' },
    { what: 'a trigger on an asset without an oracle', edit: (c) => (c['triggers'] = [{ type: 'oracleDeviation', asset: 'DOGE', bps: 50 }]), field: 'config.triggers[0].asset', value: '"DOGE"' },
    { what: 'a numeraire the scenario lacks', edit: (c) => (c['vault']['numeraire'] = 'DAI'), field: 'config.vault.numeraire', value: '"DAI"' },
  ];
  for (const { what, edit, field, value } of cases) {
    it(what, async () => {
      const { dir, file } = writeConfig(edit);
      const report = join(dir, 'report.html');
      const { code, out, err } = await backtest(['--strategy', 'range-manager', '--config', file, '--blocks', '5', '--report', report]);
      expect(code).toBe(EXIT_BAD_INPUT);
      expect(out).toBe('');
      expect(err.trimEnd().split('\n')).toHaveLength(1);
      expect(err).toContain(field);
      expect(err).toContain(value);
      expect(existsSync(report)).toBe(false);
      expect(readdirSync(dir)).toEqual(['config.json']);
    });
  }

  it('relative paths in a config resolve against the config file, not the working directory', async () => {
    const { file } = writeConfig((c) => {
      c['scenario'] = 'PLACEHOLDER';
    });
    const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    config['scenario'] = relative(join(file, '..'), join(ROOT, 'examples/scenarios/replay-eth-30d-60s.json'));
    writeFileSync(file, JSON.stringify(config));
    const { code, err } = await backtest(['--strategy', 'range-manager', '--config', file, '--blocks', '5', '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  it('an unknown strategy name lists the known ones', async () => {
    const { code, err } = await backtest(['--strategy', 'moon-shot', '--blocks', '5']);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(err).toContain('--strategy');
    expect(err).toContain('"moon-shot"');
    expect(err).toContain('range-manager');
  });

  it('a config written for another strategy', async () => {
    const { file } = writeConfig((c) => (c['strategy'] = 'delta-neutral'));
    const { code, err } = await backtest(['--strategy', 'range-manager', '--config', file]);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(err).toContain('config.strategy');
  });

  it('flags are checked before anything runs, and named', async () => {
    for (const [flag, raw] of [['--blocks', '0'], ['--blocks', '1.5'], ['--seed', '-1'], ['--seed', 'x']] as const) {
      const { code, err } = await backtest(['--strategy', 'range-manager', flag, raw]);
      expect(code).toBe(EXIT_BAD_INPUT);
      expect(err).toContain(flag);
      expect(err).toContain(`"${raw}"`);
    }
    const missing = await backtest(['--strategy', 'range-manager', '--data', '/no/such/file.csv']);
    expect(missing.code).toBe(EXIT_BAD_INPUT);
    expect(missing.err).toContain('--data');
    const nowhere = await backtest(['--strategy', 'range-manager', '--report', '/no/such/dir/r.html']);
    expect(nowhere.code).toBe(EXIT_BAD_INPUT);
    expect(nowhere.err).toContain('--report');
  });

  it('--data on a scenario whose price is generated, not replayed', async () => {
    const { file } = writeConfig((c) => (c['scenario'] = join(ROOT, 'examples/scenarios/gbm-eth-usdc.json')));
    const { code, err } = await backtest(['--strategy', 'range-manager', '--config', file, '--data', PRICES]);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(err).toContain('--data');
    expect(err).toContain('gbm');
  });
});

describe("a user's strategy module (--strategy ./module.ts)", () => {
  it('runs the example in examples/strategies with its config, unchanged', async () => {
    const { code, out, err } = await backtest(['--strategy', EXAMPLE_MODULE, '--config', EXAMPLE_CONFIG, '--blocks', SHORT, '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(out) as BacktestJson;
    expect(json.strategy).toBe('wide-range-rebalancer');
    expect(json.pnl.components.reduce((t, c) => t + BigInt(c.amount), 0n)).toBe(BigInt(json.pnl.navChange));
    expect(json.metrics['trades']).toBeGreaterThan(0);
  });

  it('the config alone names the module (a path relative to the config)', async () => {
    const viaConfig = await backtest(['--config', EXAMPLE_CONFIG, '--blocks', '60', '--json']);
    const viaFlag = await backtest(['--strategy', EXAMPLE_MODULE, '--config', EXAMPLE_CONFIG, '--blocks', '60', '--json']);
    expect(viaConfig.err).toBe('');
    expect(viaConfig.out).toBe(viaFlag.out);
  });

  it('needs --config: a user strategy has no default market', async () => {
    const { code, err } = await backtest(['--strategy', EXAMPLE_MODULE]);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(err).toContain('--config');
  });

  it('a module without decide: exit 2 naming the file and the member', async () => {
    const dir = tempDir();
    const file = join(dir, 'no-decide.ts');
    writeFileSync(
      file,
      "export const strategy = { name: 'half-done', paramsSchema: { safeParse: (v: unknown) => ({ success: true, data: v }) }, initialMemory: () => ({}) };\n",
    );
    const { code, err } = await backtest(['--strategy', file, '--config', EXAMPLE_CONFIG]);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(err).toContain('strategy.decide');
    expect(err).toContain(file);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('accepts the default export of a .mjs module, and a CommonJS module (.js without "type": "module")', async () => {
    const dir = tempDir();
    const source = (exporter: string) =>
      `const strategy = { name: 'idle', paramsSchema: { safeParse: (v) => ({ success: true, data: v }) }, initialMemory: () => ({}), decide: (_v, _b, _p, memory) => ({ intents: [], memory }) };\n${exporter}\n`;
    const esm = join(dir, 'idle.mjs');
    writeFileSync(esm, source('export default strategy;'));
    const cjsDir = join(dir, 'cjs');
    mkdirSync(cjsDir);
    writeFileSync(join(cjsDir, 'package.json'), '{ "type": "commonjs" }\n');
    const cjs = join(cjsDir, 'idle.js');
    writeFileSync(cjs, source('module.exports = { default: strategy };'));
    const { file: config } = writeConfig((c) => {
      c['strategy'] = 'idle';
      c['params'] = {};
    });
    for (const module of [esm, cjs]) {
      const { code, out, err } = await backtest(['--strategy', module, '--config', config, '--blocks', '30', '--json']);
      expect(err).toBe('');
      expect(code).toBe(0);
      const json = JSON.parse(out) as BacktestJson;
      expect(json.strategy).toBe('idle');
      // a strategy that never trades pays no gas and earns no fees
      expect(json.metrics['trades']).toBe(0);
      expect(json.pnl.components.find((c) => c.name === 'gas')!.amount).toBe('0');
    }
  });

  it('a module that does not load, and a module that exports no strategy', async () => {
    const dir = tempDir();
    const broken = join(dir, 'broken.mjs');
    writeFileSync(broken, 'export const strategy = ;\n');
    const a = await backtest(['--strategy', broken, '--config', EXAMPLE_CONFIG]);
    expect(a.code).toBe(EXIT_BAD_INPUT);
    expect(a.err).toContain(broken);
    const empty = join(dir, 'empty.mjs');
    writeFileSync(empty, 'export const nothing = 1;\n');
    const b = await backtest(['--strategy', empty, '--config', EXAMPLE_CONFIG]);
    expect(b.code).toBe(EXIT_BAD_INPUT);
    expect(b.err).toContain('exports no strategy');
  });
});

describe('progress', () => {
  it('draws a bar on stderr when asked (a terminal), clears it, and leaves stdout byte-identical', async () => {
    const quiet = await backtest(['--strategy', 'range-manager', '--blocks', '60', '--json'], { progress: false });
    const shown = await backtest(['--strategy', 'range-manager', '--blocks', '60', '--json'], { progress: true });
    expect(quiet.err).toBe('');
    expect(shown.err).toContain('backtest [');
    expect(shown.err).toContain('block 60/60');
    expect(shown.err.endsWith('\r\x1b[K')).toBe(true);
    expect(shown.out).toBe(quiet.out);
    const silenced = await backtest(['--strategy', 'range-manager', '--blocks', '60', '--json', '--quiet'], { progress: true });
    expect(silenced.err).toBe('');
  });

  it('is registered on the main program', async () => {
    const io = capture();
    expect(await main(['backtest', '--help'], io)).toBe(0);
    expect(io.out).toContain('--strategy');
  });
});
