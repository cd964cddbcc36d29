// Scenario files: one JSON description of a simulated market, validated and built.
export { buildSimulator, toBaseUnits, type BuildOptions, type BuiltScenario } from './build.js';
export { loadScenario, parseScenario } from './parse.js';
export { scenarioLendingMarkets, scenarioSchema, type AgentScenario, type LendingMarketScenario, type LendingScenario, type ReserveScenario, type PoolScenario, type PriceScenario, type Scenario, type ScenarioInput } from './schema.js';
