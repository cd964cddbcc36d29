/** Oracles of the market simulator: a Chainlink-style push feed and the Uniswap v3 pool TWAP. */
export * from './price-feed.js';
export * from './twap.js';
