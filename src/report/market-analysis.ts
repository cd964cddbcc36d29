/**
 * The market analysis that `vaultwright analyze` prints: what the quant core says about a
 * price history. Pure: bars and parameters in, a plain report object out (the CLI formats it).
 *
 * Implied volatility here is modelled, not observed: there is no option-chain history in the
 * project's data, so options are priced at the GARCH(1,1) forecast of volatility over their life,
 * and the report says so.
 */
import { impermanentLossConcentrated, impermanentLossConstantProduct } from '../amm/impermanent-loss.js';
import { lvrConcentrated, lvrConstantProduct } from '../amm/lvr.js';
import { aggregateDaily, type TimedOhlcBar } from '../data/ohlc-history.js';
import { InvalidInputError } from '../errors.js';
import { blackScholes } from '../math/black-scholes.js';
import { ewmaVolAnnual } from '../math/ewma.js';
import { fitGarch11, garch11VolForecastAnnual } from '../math/garch.js';
import { impliedVolatility } from '../math/implied-volatility.js';
import { logReturns } from '../math/stats.js';
import { strikeForDelta } from '../math/strike-for-delta.js';
import { varianceSwapFairVariance, type QuotedOption } from '../math/variance-swap.js';
import { realizedVolatility, type VolatilityEstimator } from '../math/volatility-estimators.js';
import { SECONDS_PER_YEAR } from '../units.js';

const DAYS_PER_YEAR = 365;

export interface MarketAnalysisParams {
  /** Trailing window for realized volatility and the LP position, in days. */
  readonly windowDays: number;
  /** Life of the options quoted, in days. */
  readonly expiryDays: number;
  /** Half-width of the concentrated range as a fraction of the opening price (0.1 = ±10 %). */
  readonly rangeWidth: number;
  /** Continuously compounded rate for the numeraire (USD). */
  readonly rate: number;
  /** Delta of the covered call (and, negated, of the cash-secured put). */
  readonly targetDelta: number;
  /** Skew of the smile used for the variance swap: d vol / d ln(K/F). */
  readonly smileSkew: number;
}

export const DEFAULT_MARKET_ANALYSIS_PARAMS: MarketAnalysisParams = {
  windowDays: 30,
  expiryDays: 7,
  rangeWidth: 0.1,
  rate: 0.04,
  targetDelta: 0.1,
  smileSkew: -0.1,
};

export interface OptionQuote {
  readonly label: string;
  readonly kind: 'call' | 'put';
  readonly strike: number;
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
  readonly thetaPerDay: number;
  /** Premium over the collateral (spot for a call, strike for a put), annualised simply. */
  readonly premiumYieldAnnual: number;
  /** |σ recovered by implied volatility − σ used to price| / σ. */
  readonly impliedVolRoundTripError: number;
}

export interface MarketAnalysis {
  readonly history: {
    readonly bars: number;
    readonly firstTimestamp: string;
    readonly lastTimestamp: string;
    readonly barSeconds: number;
    readonly firstClose: number;
    readonly lastClose: number;
  };
  readonly params: MarketAnalysisParams;
  readonly realizedVolatility: { readonly estimator: VolatilityEstimator; readonly volAnnual: number }[];
  readonly forecasts: {
    readonly ewmaVolAnnual: number;
    readonly garch: {
      readonly omega: number;
      readonly alpha: number;
      readonly beta: number;
      readonly persistence: number;
      readonly longRunVolAnnual: number;
      readonly logLikelihood: number;
      readonly volForecastAnnual: number;
    };
  };
  readonly options: {
    readonly volatilityModel: string;
    readonly volatility: number;
    readonly expiryYears: number;
    readonly quotes: OptionQuote[];
  };
  readonly varianceSwap: {
    readonly smile: string;
    readonly fairVolatility: number;
    readonly atmVolatility: number;
    readonly strikes: number;
  };
  readonly liquidity: {
    readonly openPrice: number;
    readonly closePrice: number;
    readonly priceLower: number;
    readonly priceUpper: number;
    readonly inRangeAtClose: boolean;
    readonly impermanentLossFullRange: number;
    readonly impermanentLossRange: number;
    readonly lvrPerDayFullRange: number;
    readonly lvrPerDayRange: number;
    /** Fee APR a range position must earn to break even against LVR at the forecast volatility. */
    readonly breakEvenFeeAprRange: number;
  };
}

const ESTIMATORS: readonly VolatilityEstimator[] = ['close', 'parkinson', 'garman-klass', 'rogers-satchell', 'yang-zhang'];

export function analyzeMarket(bars: readonly TimedOhlcBar[], params: MarketAnalysisParams = DEFAULT_MARKET_ANALYSIS_PARAMS): MarketAnalysis {
  const first = bars[0];
  const last = bars[bars.length - 1];
  if (first === undefined || last === undefined || bars.length < 3) {
    throw new InvalidInputError('bars', bars.length, 'need at least three bars');
  }
  const barSeconds = (last.timestampSeconds - first.timestampSeconds) / (bars.length - 1);
  const periodsPerYear = SECONDS_PER_YEAR / barSeconds;
  const windowBars = Math.round((params.windowDays * 86_400) / barSeconds);
  if (windowBars < 3 || windowBars + 1 > bars.length) {
    throw new InvalidInputError('windowDays', params.windowDays, `the history holds ${bars.length} bars of ${barSeconds} s`);
  }
  const window = bars.slice(bars.length - windowBars - 1);

  const realized = ESTIMATORS.map((estimator) => ({
    estimator,
    volAnnual: realizedVolatility(window, estimator, { periodsPerYear, window: windowBars }),
  }));

  const daily = aggregateDaily(bars);
  const dailyReturns = logReturns(daily.map((bar) => bar.close));
  const garchFit = fitGarch11(dailyReturns);
  const volatility = garch11VolForecastAnnual(garchFit, Math.max(1, Math.round(params.expiryDays)), DAYS_PER_YEAR);
  const ewma = ewmaVolAnnual(dailyReturns, { periodsPerYear: DAYS_PER_YEAR });

  const spot = last.close;
  const expiry = params.expiryDays / DAYS_PER_YEAR;
  const market = { spot, rate: params.rate, dividendYield: 0, expiry };
  const strikes: { label: string; kind: 'call' | 'put'; strike: number }[] = [
    { label: 'ATM call', kind: 'call', strike: spot },
    { label: 'ATM put', kind: 'put', strike: spot },
    {
      label: `covered call (${params.targetDelta} delta)`,
      kind: 'call',
      strike: strikeForDelta({ ...market, kind: 'call', delta: params.targetDelta, volatility }),
    },
    {
      label: `cash-secured put (${-params.targetDelta} delta)`,
      kind: 'put',
      strike: strikeForDelta({ ...market, kind: 'put', delta: -params.targetDelta, volatility }),
    },
  ];
  const quotes = strikes.map(({ label, kind, strike }): OptionQuote => {
    const greeks = blackScholes({ ...market, kind, strike, volatility });
    const recovered = impliedVolatility({ ...market, kind, strike, price: greeks.price });
    const collateral = kind === 'call' ? spot : strike;
    return {
      label,
      kind,
      strike,
      price: greeks.price,
      delta: greeks.delta,
      gamma: greeks.gamma,
      vega: greeks.vega,
      thetaPerDay: greeks.theta / DAYS_PER_YEAR,
      premiumYieldAnnual: greeks.price / collateral / expiry,
      impliedVolRoundTripError: Math.abs(recovered - volatility) / volatility,
    };
  });

  const varianceSwap = replicateVarianceSwap(spot, params, volatility, expiry);

  const openPrice = window[0]!.close;
  const priceLower = openPrice * (1 - params.rangeWidth);
  const priceUpper = openPrice * (1 + params.rangeWidth);
  const priceRatio = spot / openPrice;
  const range = { priceLower, priceUpper };
  const lvrPerYearRange = lvrConcentrated({ volAnnual: volatility, price: spot, ...range });

  return {
    history: {
      bars: bars.length,
      firstTimestamp: new Date(first.timestampSeconds * 1000).toISOString(),
      lastTimestamp: new Date(last.timestampSeconds * 1000).toISOString(),
      barSeconds,
      firstClose: first.close,
      lastClose: last.close,
    },
    params,
    realizedVolatility: realized,
    forecasts: {
      ewmaVolAnnual: ewma,
      garch: {
        omega: garchFit.omega,
        alpha: garchFit.alpha,
        beta: garchFit.beta,
        persistence: garchFit.persistence,
        longRunVolAnnual: Math.sqrt(garchFit.longRunVariance * DAYS_PER_YEAR),
        logLikelihood: garchFit.logLikelihood,
        volForecastAnnual: volatility,
      },
    },
    options: {
      volatilityModel: `GARCH(1,1) on daily closes, mean variance over the next ${params.expiryDays} days (modelled: no option-chain data)`,
      volatility,
      expiryYears: expiry,
      quotes,
    },
    varianceSwap,
    liquidity: {
      openPrice,
      closePrice: spot,
      priceLower,
      priceUpper,
      inRangeAtClose: spot >= priceLower && spot <= priceUpper,
      impermanentLossFullRange: impermanentLossConstantProduct(priceRatio),
      impermanentLossRange: impermanentLossConcentrated({ ...range, priceInitial: openPrice, priceRatio }),
      lvrPerDayFullRange: lvrConstantProduct({ volAnnual: volatility, horizonYears: 1 / DAYS_PER_YEAR }),
      lvrPerDayRange: lvrPerYearRange / DAYS_PER_YEAR,
      breakEvenFeeAprRange: lvrPerYearRange,
    },
  };
}

/**
 * The variance-swap fair volatility over the options' life, replicated from a strip of OTM
 * options priced on a linear-in-log-moneyness smile around the forecast volatility: shows how
 * much the skew alone adds to the fair strike over the at-the-money volatility.
 */
function replicateVarianceSwap(spot: number, params: MarketAnalysisParams, atmVolatility: number, expiry: number) {
  const forward = spot * Math.exp(params.rate * expiry);
  const step = forward * 0.01;
  const smile = (strike: number) => Math.max(0.01, atmVolatility + params.smileSkew * Math.log(strike / forward));
  const quote = (kind: 'call' | 'put', strike: number): QuotedOption => ({
    strike,
    price: blackScholes({ kind, spot, strike, rate: params.rate, dividendYield: 0, volatility: smile(strike), expiry }).price,
  });
  const puts: QuotedOption[] = [];
  const calls: QuotedOption[] = [];
  for (let i = 60; i >= 0; i--) puts.push(quote('put', forward - i * step));
  for (let i = 0; i <= 60; i++) calls.push(quote('call', forward + i * step));
  const replication = varianceSwapFairVariance({ spot, rate: params.rate, dividendYield: 0, expiry, puts, calls });
  return {
    smile: `σ(K) = σ_ATM ${params.smileSkew >= 0 ? '+' : '−'} ${Math.abs(params.smileSkew)}·ln(K/F), strikes F·(1 ± 0.01·i), i ≤ 60`,
    fairVolatility: replication.fairVolatility,
    atmVolatility,
    strikes: puts.length + calls.length - 1,
  };
}
