// `npx tsx bench/math/options-main.ts`: the option math benchmark alone, as JSON.
import { runOptionsBench } from './options.js';

process.stdout.write(`${JSON.stringify(runOptionsBench(), null, 2)}\n`);
