// A one-line progress bar on standard error, for long runs on a terminal (never part of stdout,
// so `--json` output stays clean and byte-stable).
import type { CliIo } from './main.js';

// The bar is redrawn when its percent changes, and on a slow run at least this often, so a long
// stretch of heavy blocks still shows the block count moving.
const PROGRESS_INTERVAL_MS = 250;
const PROGRESS_BAR_WIDTH = 30;

/** One rewritten status line: redrawn when the percent changes or 250 ms have passed. */
export function progressPrinter(io: CliIo, label: string, total: number): (done: number) => void {
  let lastPercent = -1;
  let lastDrawMs = 0;
  return (done) => {
    const percent = Math.floor((done / total) * 100);
    const nowMs = performance.now();
    if (percent === lastPercent && nowMs - lastDrawMs < PROGRESS_INTERVAL_MS) return;
    lastPercent = percent;
    lastDrawMs = nowMs;
    const filled = Math.round((done / total) * PROGRESS_BAR_WIDTH);
    io.stderr(`\r\x1b[K${label} [${'#'.repeat(filled)}${'.'.repeat(PROGRESS_BAR_WIDTH - filled)}] ${percent} % block ${done}/${total}`);
  };
}

/** Erases the bar's line. */
export function clearProgress(io: CliIo): void {
  io.stderr('\r\x1b[K');
}
