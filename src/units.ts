// Time units shared by the analytics. A year is 365 days (DESIGN.md); the contracts' own
// bigint constants (Aave's SECONDS_PER_YEAR, the vault's fee year) stay beside the code that
// mirrors them.
export const SECONDS_PER_DAY = 86_400;
export const SECONDS_PER_YEAR = 365 * SECONDS_PER_DAY;
