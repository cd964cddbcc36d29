/**
 * Chain physics for the market simulator. One step of the loop, in order:
 *
 *   // agents see the state after block N = clock.current().blockNumber and submit, with
 *   // submittedAtBlock = N (mempool.submit / submitBundle targeting N + 1); then:
 *   const header = clock.advance();                                   // block N + 1
 *   const baseFeeWei = baseFees.baseFeeWeiFor(header);                // Eip1559BaseFeeModel | ReplayBaseFeeModel
 *   const block = mempool.buildBlock(header.blockNumber, baseFeeWei, gasLimit);
 *   // execute block.included in order; charge transactionCost(gasUsed, …) to each sender
 *   baseFees.recordBlock(gasUsedInBlock, gasLimit);
 *   feed.observe(header.timestampSeconds, marketPrice);                 // oracles see the block
 *
 * With the default inclusion delay of 1, a transaction reacting to block N lands in N + 1 at
 * the earliest.
 */
export * from './block-clock.js';
export * from './base-fee.js';
export * from './gas-schedule.js';
export * from './mempool.js';
