// Benchmark knobs from the environment: a bad value exits 2 naming the variable, as the CLI does.

/** A number >= 0 from `name`, or `fallback` when unset or empty. */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(Number.isFinite(value) && value >= 0)) {
    process.stderr.write(`${name}=${raw}: expected a number >= 0\n`);
    process.exit(2);
  }
  return value;
}
