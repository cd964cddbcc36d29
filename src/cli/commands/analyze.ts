// `vaultwright analyze`: the quant core's view of a price history (realized and forecast
// volatility, option quotes and Greeks, variance-swap strike, LP impermanent loss and LVR).
import type { Command } from 'commander';
import { DEFAULT_ETH_HOURLY, dataPath } from '../../data/project-paths.js';
import { loadOhlcHistory } from '../../data/ohlc-history.js';
import { analyzeMarket, DEFAULT_MARKET_ANALYSIS_PARAMS, type MarketAnalysis } from '../../report/market-analysis.js';
import type { CliIo } from '../main.js';
import { parseNumberOption } from '../options.js';
import { formatNumber, formatPercent, formatTable } from '../table.js';

interface AnalyzeFlags {
  data?: string;
  windowDays: string;
  expiryDays: string;
  rangeWidth: string;
  rate: string;
  delta: string;
  skew: string;
  json?: boolean;
}

export function registerAnalyzeCommand(program: Command, io: CliIo): void {
  const defaults = DEFAULT_MARKET_ANALYSIS_PARAMS;
  program
    .command('analyze')
    .description('Volatility, option quotes and Greeks, variance-swap strike and LP losses on a price history')
    .option('--data <file>', 'OHLC CSV (timestamp,open,high,low,close); default: the hourly ETH/USDT history in data/')
    .option('--window-days <n>', 'trailing window for realized volatility and the LP position', String(defaults.windowDays))
    .option('--expiry-days <n>', 'life of the options quoted', String(defaults.expiryDays))
    .option('--range-width <x>', 'half-width of the LP range as a fraction of the opening price', String(defaults.rangeWidth))
    .option('--rate <r>', 'continuously compounded USD rate', String(defaults.rate))
    .option('--delta <d>', 'delta of the covered call (the put uses its negative)', String(defaults.targetDelta))
    .option('--skew <s>', 'smile skew d vol / d ln(K/F) for the variance swap', String(defaults.smileSkew))
    .option('--json', 'print the analysis as JSON')
    .action((flags: AnalyzeFlags) => {
      const params = {
        windowDays: parseNumberOption('--window-days', flags.windowDays, { min: 1 }),
        expiryDays: parseNumberOption('--expiry-days', flags.expiryDays, { min: 1 / 24, max: 3650 }),
        rangeWidth: parseNumberOption('--range-width', flags.rangeWidth, { min: 1e-4, max: 0.99 }),
        rate: parseNumberOption('--rate', flags.rate, { min: -0.5, max: 1 }),
        targetDelta: parseNumberOption('--delta', flags.delta, { min: 0.001, max: 0.999 }),
        smileSkew: parseNumberOption('--skew', flags.skew, { min: -2, max: 2 }),
      };
      const path = flags.data ?? dataPath(DEFAULT_ETH_HOURLY);
      const analysis = analyzeMarket(loadOhlcHistory(path), params);
      io.stdout(flags.json === true ? `${JSON.stringify({ data: path, ...analysis }, null, 2)}\n` : renderAnalysis(path, analysis));
    });
}

function renderAnalysis(path: string, a: MarketAnalysis): string {
  const h = a.history;
  const g = a.forecasts.garch;
  const l = a.liquidity;
  const out: string[] = [];
  out.push(`Market analysis of ${path}`);
  out.push(`${h.bars} bars of ${h.barSeconds / 60} min, ${h.firstTimestamp} to ${h.lastTimestamp}; close ${formatNumber(h.firstClose)} -> ${formatNumber(h.lastClose)}\n`);

  out.push(`Realized volatility, last ${a.params.windowDays} days (annualised)`);
  out.push(formatTable(['estimator', 'vol'], a.realizedVolatility.map((r) => [r.estimator, formatPercent(r.volAnnual)])));

  out.push('Volatility forecasts (daily closes)');
  out.push(
    formatTable(
      ['model', 'vol', 'detail'],
      [
        ['EWMA (lambda 0.94)', formatPercent(a.forecasts.ewmaVolAnnual), 'next day'],
        [
          'GARCH(1,1)',
          formatPercent(g.volForecastAnnual),
          `next ${a.params.expiryDays} d; alpha ${formatNumber(g.alpha)}, beta ${formatNumber(g.beta)}, long-run ${formatPercent(g.longRunVolAnnual)}`,
        ],
      ],
    ),
  );

  out.push(`Options, ${a.params.expiryDays}-day European on spot ${formatNumber(h.lastClose)}, priced at ${formatPercent(a.options.volatility)}`);
  out.push(`(${a.options.volatilityModel})`);
  out.push(
    formatTable(
      ['option', 'strike', 'price', 'delta', 'gamma', 'vega', 'theta/day', 'premium APR', 'IV round trip'],
      a.options.quotes.map((q) => [
        q.label,
        q.strike,
        q.price,
        q.delta,
        q.gamma,
        q.vega,
        q.thetaPerDay,
        formatPercent(q.premiumYieldAnnual),
        q.impliedVolRoundTripError.toExponential(1),
      ]),
    ),
  );

  out.push(`Variance swap over the same ${a.params.expiryDays} days: fair vol ${formatPercent(a.varianceSwap.fairVolatility)} vs ATM ${formatPercent(a.varianceSwap.atmVolatility)}`);
  out.push(`(${a.varianceSwap.strikes} strikes, ${a.varianceSwap.smile})\n`);

  out.push(
    `Liquidity: a ±${formatPercent(a.params.rangeWidth, 0)} Uniswap v3 range opened ${a.params.windowDays} days ago at ${formatNumber(l.openPrice)} [${formatNumber(l.priceLower)}, ${formatNumber(l.priceUpper)}], price now ${formatNumber(l.closePrice)} (${l.inRangeAtClose ? 'in range' : 'out of range'})`,
  );
  out.push(
    formatTable(
      ['position', 'impermanent loss', 'LVR per day', 'LVR per year'],
      [
        ['full range', formatPercent(l.impermanentLossFullRange, 3), formatPercent(l.lvrPerDayFullRange, 4), formatPercent(l.lvrPerDayFullRange * 365)],
        ['range', formatPercent(l.impermanentLossRange, 3), formatPercent(l.lvrPerDayRange, 4), formatPercent(l.breakEvenFeeAprRange)],
      ],
    ),
  );
  out.push(`The range must earn ${formatPercent(l.breakEvenFeeAprRange)} a year in fees to beat rebalancing at the forecast volatility.`);
  return `${out.join('\n')}\n`;
}
