// `vaultwright simulate`: runs a scenario file block by block and prints what happened (prices,
// pools, arbitrage, noise, sandwiches, reverts, gas, lending, the conservation audit and the
// state hash). A bad scenario is bad input (exit 2, naming the field); books that do not
// balance are a finding (exit 1, after the summary is printed).
import type { Command } from 'commander';
import { CommandFindingError } from '../../errors.js';
import { buildSimulator, loadScenario, type Scenario } from '../../market/scenario/index.js';
import { RunCollector } from '../../market/simulator/run-collector.js';
import { summariseRun, type CountByKey, type RunSummary } from '../../market/simulator/run-summary.js';
import type { MarketSimulator } from '../../market/simulator/simulator.js';
import type { CliIo } from '../main.js';
import { parseIntegerOption } from '../options.js';
import { clearProgress, progressPrinter } from '../progress.js';
import { formatNumber, formatPercent, formatTable } from '../table.js';

interface SimulateFlags {
  scenario: string;
  blocks?: string;
  seed?: string;
  json?: boolean;
}

export interface SimulateCommandOptions {
  /** Show a progress bar on stderr; default: only when stderr is a terminal. */
  readonly progress?: boolean;
  /** Called after the last block, before the summary (tests break the books through it). */
  readonly afterRun?: (simulator: MarketSimulator) => void;
}

/** The books of the run do not balance: the summary is printed, then main exits 1. */
export class ConservationFailedError extends CommandFindingError {
  override readonly name = 'ConservationFailedError';
}

export function registerSimulateCommand(program: Command, io: CliIo, options: SimulateCommandOptions = {}): void {
  program
    .command('simulate')
    .description('Run a market scenario file block by block and summarise prices, pools, MEV, gas, lending and the books')
    .requiredOption('--scenario <file>', 'scenario JSON (see examples/scenarios/README.md)')
    .option('--blocks <n>', "blocks to simulate (default: the scenario's own)")
    .option('--seed <n>', "seed of every random process (default: the scenario's own)")
    .option('--json', 'print the summary as JSON (deterministic: the same seed gives the same bytes)')
    .action((flags: SimulateFlags) => {
      // The flags first: a typo in one is reported before the file is read.
      const overrides = parseOverrides(flags);
      const loaded = loadScenario(flags.scenario);
      const scenario: Scenario = { ...loaded, blocks: overrides.blocks ?? loaded.blocks, seed: overrides.seed ?? loaded.seed };
      // Built after the overrides: a synthetic path is generated for exactly `blocks` steps from `seed`.
      const { simulator } = buildSimulator(scenario);
      const collector = new RunCollector(simulator);
      const showProgress = options.progress ?? process.stderr.isTTY === true;
      runBlocks(simulator, collector, scenario.blocks, showProgress ? progressPrinter(io, 'simulate', scenario.blocks) : undefined);
      if (showProgress) clearProgress(io);
      options.afterRun?.(simulator);
      const summary = summariseRun(simulator, collector.collected);
      const header = { name: scenario.name, file: flags.scenario, seed: scenario.seed, blocks: scenario.blocks };
      io.stdout(flags.json === true ? `${toJson({ scenario: header, ...summary })}\n` : renderSummary(header, summary));
      if (summary.conservation.issues > 0) {
        throw new ConservationFailedError(`conservation audit failed: ${summary.conservation.issues} issue(s), first: ${summary.conservation.details[0]!.what}`);
      }
    });
}

/** --blocks and --seed, when given, replace the scenario's own. */
function parseOverrides(flags: SimulateFlags): { blocks?: number; seed?: number } {
  return {
    ...(flags.blocks === undefined ? {} : { blocks: parseIntegerOption('--blocks', flags.blocks, { min: 1, max: 100_000_000 }) }),
    ...(flags.seed === undefined ? {} : { seed: parseIntegerOption('--seed', flags.seed, { min: 0, max: 2 ** 32 - 1 }) }),
  };
}

function runBlocks(simulator: MarketSimulator, collector: RunCollector, blocks: number, onProgress: ((done: number) => void) | undefined): void {
  for (let i = 0; i < blocks; i++) {
    collector.observe(simulator.step());
    onProgress?.(i + 1);
  }
}

/** JSON with bigints as decimal strings; key order is the summary's construction order, so it is stable. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}

interface RunHeader {
  readonly name: string;
  readonly file: string;
  readonly seed: number;
  readonly blocks: number;
}

function renderSummary(header: RunHeader, s: RunSummary): string {
  const out: string[] = [];
  const p = s.period;
  out.push(`Scenario ${header.name} (${header.file}), seed ${header.seed}`);
  out.push(`${p.blocks} blocks (${p.firstBlockNumber ?? '-'} to ${p.lastBlockNumber}), ${formatNumber(p.simulatedDays)} simulated days, ${p.firstTimestamp ?? '-'} to ${p.lastTimestamp}\n`);

  const x = s.externalPrice;
  out.push(
    `External price: ${formatNumber(x.start)} -> ${formatNumber(x.end)} (min ${formatNumber(x.min)}, max ${formatNumber(x.max)}), realized vol ${x.realizedVolAnnual === null ? '-' : formatPercent(x.realizedVolAnnual)} a year\n`,
  );

  for (const pool of s.pools) {
    const a = pool.arbitrage;
    const w = pool.sandwiches;
    const victims = w.victimLossMeasured === w.count ? money(w.victimLossNumeraire) : `${money(w.victimLossNumeraire)} (over ${w.victimLossMeasured} measured)`;
    out.push(`Pool ${pool.id} (${pool.token0}/${pool.token1}, fee ${formatNumber(pool.feePips / 10_000)} %)`);
    out.push(
      formatTable(
        ['quantity', 'value'],
        [
          ['final price vs external', `${formatNumber(pool.finalPrice)} vs ${formatNumber(pool.externalPrice)} (${pool.deviationBps.toFixed(2)} bps)`],
          ['swaps, volume (numeraire)', `${pool.swaps}, ${money(pool.volume.numeraire)}`],
          ['fees owed to LPs (numeraire)', money(pool.lpFees.numeraire)],
          ['arbitrage trades (reverted)', `${a.trades} (${a.reverted})`],
          ['arbitrage profit: gross - gas = net', `${money(a.grossProfitNumeraire)} - ${money(a.gasNumeraire)} = ${money(a.netProfitNumeraire)}`],
          ['noise trades (reverted), volume', `${pool.noise.trades} (${pool.noise.reverted}), ${money(pool.noise.volumeNumeraire)}`],
          ['sandwiches', String(w.count)],
          ['searcher profit: gross - gas = net', `${money(w.searcherGrossProfitNumeraire)} - ${money(w.searcherGasNumeraire)} = ${money(w.searcherNetProfitNumeraire)}`],
          ["victims' loss to sandwiches", victims],
          ['reverts', countsText(pool.revertsByReason)],
        ],
      ),
    );
  }
  if (s.pools.length > 0) out.push('Amounts in the numeraire are marked at the external price of their block; LP fees are those owed at the end.\n');

  const t = s.transactions;
  out.push(`Transactions: ${t.included} included, ${t.succeeded} succeeded, ${t.reverted} reverted (by sender: ${countsText(t.byRole)})`);
  if (t.revertsByReason.length > 0) out.push(formatTable(['revert reason', 'count'], t.revertsByReason.map((r) => [r.key, r.count])));
  else out.push('');

  const g = s.gas;
  const fee = g.baseFeeGwei;
  out.push('Gas');
  out.push(
    formatTable(
      ['quantity', 'value'],
      [
        ['gas used (simulated txs)', g.gasUsed.toString()],
        ['gas used (rest of chain)', g.backgroundGasUsed.toString()],
        ['base fee min / median / max (gwei)', `${gwei(fee.min)} / ${gwei(fee.median)} / ${gwei(fee.max)}`],
        [`${g.nativeToken} burned`, formatNumber(g.burnedNative)],
        [`tips to the builder (${g.nativeToken})`, formatNumber(g.tipsNative)],
        ['gas paid (numeraire)', money(g.costNumeraire)],
      ],
    ),
  );

  if (s.lending !== null) {
    const l = s.lending;
    out.push('Lending');
    out.push(
      formatTable(
        ['reserve', 'utilisation start', 'utilisation end', 'supply APR', 'borrow APR'],
        // One market: its reserves by asset, as always; several: "market:asset".
        l.markets.flatMap((m) =>
          m.reserves.map((r) => [
            l.markets.length > 1 ? `${m.id}:${r.asset}` : r.asset,
            formatPercent(r.initialUtilization),
            formatPercent(r.utilization),
            formatPercent(r.supplyRateAnnual, 4),
            formatPercent(r.borrowRateAnnual, 4),
          ]),
        ),
      ),
    );
    out.push(`Liquidations: ${l.liquidations} (${l.liquidationsReverted} reverted)`);
    if (l.liquidationsByPair.length > 0) {
      out.push(
        formatTable(
          ['collateral/debt', 'count', 'bonus (numeraire)', 'liquidator profit'],
          l.liquidationsByPair.map((q) => [`${q.market === undefined ? '' : `${q.market}:`}${q.collateralAsset}/${q.debtAsset}`, q.count, money(q.bonusNumeraire), money(q.liquidatorProfitNumeraire)]),
        ),
      );
    } else out.push('');
  }
  if (s.perp !== null) {
    const q = s.perp;
    out.push(`Perp: index ${formatNumber(q.indexPrice)}, mark ${formatNumber(q.markPrice)}, open interest long ${q.openInterestLongWei} / short ${q.openInterestShortWei} wei, ${q.accounts} accounts, bad debt ${q.totalBadDebtUnits}\n`);
  }
  if (s.options !== null) out.push(`Options: ${s.options.listedExpiries} expiries listed, ${s.options.settledExpiries} settled, ${s.options.accounts} accounts\n`);
  if (s.constantProduct !== null) out.push(`Constant-product pool: reserves ${s.constantProduct.reserve0} ${s.constantProduct.token0}, ${s.constantProduct.reserve1} ${s.constantProduct.token1}\n`);

  const c = s.conservation;
  out.push(`Conservation audit: ${c.issues === 0 ? '0 issues (every token balances to the base unit)' : `${c.issues} ISSUES`}`);
  for (const issue of c.details) out.push(`  ${issue.what}: expected ${issue.expected}, actual ${issue.actual}`);
  out.push(`State hash: ${s.stateHash}`);
  return `${out.join('\n')}\n`;
}

function money(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : String(value);
}

function gwei(value: number | null): string {
  return value === null ? '-' : formatNumber(Number(value.toFixed(4)));
}

function countsText(counts: readonly CountByKey[]): string {
  return counts.length === 0 ? 'none' : counts.map((c) => `${c.key} ${c.count}`).join(', ');
}
