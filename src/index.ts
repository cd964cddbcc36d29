// The public API of Vaultwright (package.json exports ".").
export { InvalidInputError } from './errors.js';
