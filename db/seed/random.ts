/**
 * A seeded PRNG (mulberry32) with the few distributions the city generator needs.
 * Deterministic on every machine, so the same seed always builds the same city.
 */
export interface Rng {
  next(): number
  int(min: number, max: number): number
  range(min: number, max: number): number
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  weighted<T>(items: readonly (readonly [T, number])[]): T
  normal(mean?: number, sd?: number): number
  logNormal(median: number, spread: number): number
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const normal = (mean = 0, sd = 1) => {
    // Box–Muller; 1 - next() keeps the log's argument away from 0.
    const u = 1 - next()
    const v = next()
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    range: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (items) => {
      const total = items.reduce((sum, [, w]) => sum + w, 0)
      let r = next() * total
      for (const [item, w] of items) if ((r -= w) < 0) return item
      return items[items.length - 1][0]
    },
    normal,
    logNormal: (median, spread) => median * Math.exp(normal(0, spread)),
  }
}

/** A child generator whose stream does not shift when another phase draws more or fewer numbers. */
export function forkRng(seed: number, salt: number): Rng {
  return createRng((Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(salt, 0xc2b2ae35)) >>> 0)
}
