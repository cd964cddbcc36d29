/**
 * Reading a scenario: JSON text or an object in, a validated `Scenario` out, or an
 * `InvalidInputError` naming the field path and the value, e.g.
 * `invalid scenario.agents[1].slippageTolerance: -1 (must be >= 0)`. Checks that zod cannot
 * express alone (a pool or token that is named but not declared) are made here too.
 */
import { readFileSync } from 'node:fs';
import { InvalidInputError } from '../../errors.js';
import { zodIssueError } from '../../zod-issue.js';
import { scenarioLendingMarkets, scenarioSchema, type Scenario } from './schema.js';

/** Reads and validates a scenario JSON file. */
export function loadScenario(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidInputError('scenario file', path, (error as NodeJS.ErrnoException).code ?? 'cannot be read');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError('scenario file', path, `is not JSON: ${(error as Error).message}`);
  }
  return parseScenario(data);
}

/** Validates a scenario object (already parsed from JSON). */
export function parseScenario(data: unknown): Scenario {
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) throw zodIssueError('scenario', data, parsed.error);
  checkReferences(parsed.data);
  return parsed.data;
}

function checkReferences(scenario: Scenario): void {
  const tokens = scenario.tokens;
  const requireToken = (field: string, token: string): void => {
    if (tokens[token] === undefined) throw new InvalidInputError(field, token, `is not declared in scenario.tokens (${Object.keys(tokens).join(', ')})`);
  };
  requireToken('scenario.nativeToken', scenario.nativeToken);
  const poolIds = new Set<string>();
  scenario.venues.pools.forEach((pool, i) => {
    const at = `scenario.venues.pools[${i}]`;
    if (poolIds.has(pool.id)) throw new InvalidInputError(`${at}.id`, pool.id, 'is used twice');
    poolIds.add(pool.id);
    requireToken(`${at}.token0`, pool.token0);
    requireToken(`${at}.token1`, pool.token1);
    if (pool.token0 === pool.token1) throw new InvalidInputError(`${at}.token1`, pool.token1, 'must differ from token0');
    pool.liquidity.forEach((position, j) => {
      const ranged = position.tickLower !== undefined && position.tickUpper !== undefined;
      if (ranged === (position.rangeFraction !== undefined)) {
        throw new InvalidInputError(`${at}.liquidity[${j}].rangeFraction`, position.rangeFraction, 'give either rangeFraction or both tickLower and tickUpper');
      }
    });
  });
  const cp = scenario.venues.constantProduct;
  if (cp !== undefined) {
    requireToken('scenario.venues.constantProduct.token0', cp.token0);
    requireToken('scenario.venues.constantProduct.token1', cp.token1);
  }
  const lendingMarkets = scenarioLendingMarkets(scenario);
  for (const { market, at } of lendingMarkets) {
    const assets = new Set(market.reserves.map((r) => r.symbol));
    market.reserves.forEach((reserve, i) => requireToken(`${at}.reserves[${i}].symbol`, reserve.symbol));
    market.suppliers.forEach((s, i) => {
      if (!assets.has(s.asset)) throw new InvalidInputError(`${at}.suppliers[${i}].asset`, s.asset, 'is not a reserve');
    });
    market.borrowers.forEach((b, i) => {
      if (!assets.has(b.collateralAsset)) throw new InvalidInputError(`${at}.borrowers[${i}].collateralAsset`, b.collateralAsset, 'is not a reserve');
      if (!assets.has(b.debtAsset)) throw new InvalidInputError(`${at}.borrowers[${i}].debtAsset`, b.debtAsset, 'is not a reserve');
    });
  }
  const perp = scenario.venues.perp;
  if (perp !== undefined) requireToken('scenario.venues.perp.collateralToken', perp.collateralToken);
  const options = scenario.venues.options;
  if (options !== undefined) {
    requireToken('scenario.venues.options.cashToken', options.cashToken);
    requireToken('scenario.venues.options.underlyingToken', options.underlyingToken);
  }
  scenario.oracles.forEach((oracle, i) => requireToken(`scenario.oracles[${i}].asset`, oracle.asset));
  scenario.agents.forEach((agent, i) => {
    const at = `scenario.agents[${i}]`;
    if ('pool' in agent && !poolIds.has(agent.pool)) throw new InvalidInputError(`${at}.pool`, agent.pool, `is not a pool of the scenario (${[...poolIds].join(', ')})`);
    if (agent.type === 'noise' && (agent.calibration === undefined) === (agent.side0 === undefined || agent.side1 === undefined)) {
      throw new InvalidInputError(`${at}.calibration`, agent.calibration, 'give either calibration or both side0 and side1');
    }
    if (agent.type === 'liquidator' && lendingMarkets.length === 0) throw new InvalidInputError(`${at}.type`, agent.type, 'needs a lending venue');
  });
  scenario.funding.forEach((entry, i) => requireToken(`scenario.funding[${i}].token`, entry.token));
}
