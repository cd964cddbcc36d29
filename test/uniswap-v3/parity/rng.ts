/**
 * A small seeded PRNG for the parity runs (sfc32 seeded through splitmix32): the same seed
 * gives the same operation sequence, byte for byte, on every machine.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 16; i++) this.u32();
  }

  /** Uniform in [0, 2^32). */
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 2 ** 32;
  }

  /** Uniform integer in [lo, hi] (inclusive; |hi - lo| < 2^32). */
  int(lo: number, hi: number): number {
    if (hi < lo) throw new RangeError(`int(${lo}, ${hi})`);
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.float() * total;
    for (const [k, w] of entries) {
      x -= w;
      if (x < 0) return k;
    }
    return (entries[entries.length - 1] as [K, number])[0];
  }

  /** Uniform bigint in [0, 2^bits). */
  bits(bits: number): bigint {
    let out = 0n;
    let have = 0;
    while (have < bits) {
      out = (out << 32n) | BigInt(this.u32());
      have += 32;
    }
    return out >> BigInt(have - bits);
  }

  /** Uniform bigint in [lo, hi] (inclusive). */
  bigint(lo: bigint, hi: bigint): bigint {
    if (hi < lo) throw new RangeError(`bigint(${lo}, ${hi})`);
    const span = hi - lo + 1n;
    const bits = span.toString(2).length + 32; // bias < 2^-32
    return lo + (this.bits(bits) % span);
  }

  /** Log-uniform magnitude: a bit length uniform in [minBits, maxBits], then uniform of that length. */
  wide(minBits: number, maxBits: number): bigint {
    const b = this.int(minBits, maxBits);
    if (b === 0) return 0n;
    return (1n << BigInt(b - 1)) | this.bits(b - 1);
  }
}
