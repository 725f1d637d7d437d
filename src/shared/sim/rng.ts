/**
 * Seeded pseudo-random numbers for the simulations.
 *
 * Algorithm: **sfc32** (Chris Doty-Humphrey's "Small Fast Chaotic" generator, PractRand-clean,
 * 128-bit state, 32-bit output). It was picked over pure-rand's xoroshiro128plus because it uses
 * only 32-bit integer ops, which V8 keeps in registers without boxing; the hot loop in
 * `monteCarlo.ts` inlines the same four lines for speed. The seed is expanded into the 128-bit
 * state with splitmix32 and the first 12 outputs are discarded, as the author recommends.
 */

/** A seed: any finite number (its 32-bit integer part is used) or a string (hashed). */
export type Seed = number | string;

/** The 128-bit sfc32 state as four unsigned 32-bit words; mutated by `nextUint32`. */
export type RngState = Uint32Array;

/** FNV-1a hash of a string to 32 bits, so text seeds ("demo") are accepted. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Folds a seed to a 32-bit integer; numbers keep their low 32 bits and their high bits mixed in. */
export function seedToUint32(seed: Seed): number {
  if (typeof seed === 'string') return hashString(seed);
  if (!Number.isFinite(seed)) return 0;
  const whole = Math.trunc(seed);
  const low = whole >>> 0;
  const high = Math.floor(whole / 4294967296) >>> 0;
  return (low ^ Math.imul(high, 0x9e3779b1)) >>> 0;
}

/** Creates a fresh generator state from a seed. Same seed → same sequence. */
export function createRngState(seed: Seed): RngState {
  let x = seedToUint32(seed);
  const state = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    // splitmix32
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    state[i] = (z ^ (z >>> 15)) >>> 0;
  }
  for (let i = 0; i < 12; i++) nextUint32(state);
  return state;
}

/** Advances the state and returns the next unsigned 32-bit output. Mutates `state` only. */
export function nextUint32(state: RngState): number {
  let a = state[0]! | 0;
  let b = state[1]! | 0;
  let c = state[2]! | 0;
  let d = state[3]! | 0;
  const t = (((a + b) | 0) + d) | 0;
  d = (d + 1) | 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) | 0;
  c = (c << 21) | (c >>> 11);
  c = (c + t) | 0;
  state[0] = a;
  state[1] = b;
  state[2] = c;
  state[3] = d;
  return t >>> 0;
}
