// Seeded pseudo-random numbers for the seed data: the same --seed gives the same rows.
// sfc32 (128-bit state, fast in plain 32-bit arithmetic), seeded through splitmix32 so that every
// stream (one per patient, one per clinic, …) starts from a well-mixed state of its own.

/** splitmix32 step: a 32-bit integer hash of x. */
function mix32(x) {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A 32-bit hash of a string (FNV-1a, then mixed): turns "--seed demo" or a stream name into a number. */
function hashString(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return mix32(h);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

class Prng {
  /** @param {number[]} words seed words (any 32-bit integers); the stream depends on all of them. */
  constructor(...words) {
    let s = 0x2545f491;
    const state = [0, 0, 0, 0];
    for (let i = 0; i < 4; i += 1) {
      s = mix32(s ^ (words[i % words.length] >>> 0) ^ Math.imul(i + 1, 0x27d4eb2d));
      for (let j = 0; j < words.length; j += 1) s = mix32(s ^ words[j]);
      state[i] = s;
    }
    [this.a, this.b, this.c, this.d] = state;
    for (let i = 0; i < 12; i += 1) this.u32();
  }

  /** Next uniformly distributed unsigned 32-bit integer. */
  u32() {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float() {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min, max) {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** Uniform real in [min, max). */
  range(min, max) {
    return min + this.float() * (max - min);
  }

  chance(p) {
    return this.float() < p;
  }

  pick(items) {
    return items[Math.floor(this.float() * items.length)];
  }

  /** Picks from [[weight, value], …] in proportion to the weights. */
  weighted(pairs) {
    let total = 0;
    for (const [w] of pairs) total += w;
    let r = this.float() * total;
    for (const [w, v] of pairs) {
      r -= w;
      if (r < 0) return v;
    }
    return pairs[pairs.length - 1][1];
  }

  /** Normal(mean, sd) by Box-Muller, clamped to [min, max] when given. */
  normal(mean, sd, min = -Infinity, max = Infinity) {
    const u = 1 - this.float();
    const v = this.float();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.min(max, Math.max(min, mean + sd * z));
  }

  /** A random (version 4, RFC 9562 variant) UUID drawn from this stream. */
  uuid() {
    const w = [this.u32(), this.u32(), this.u32(), this.u32()];
    w[1] = (w[1] & 0xffff0fff) | 0x00004000;
    w[2] = ((w[2] & 0x3fffffff) | 0x80000000) >>> 0;
    let hex = '';
    for (const x of w) {
      hex += HEX[x >>> 24] + HEX[(x >>> 16) & 255] + HEX[(x >>> 8) & 255] + HEX[x & 255];
    }
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

/** The stream of one thing (e.g. 'patient', index 41) for a run seeded with `seed`. */
function streamOf(seed, name, index = 0) {
  return new Prng(
    hashString(String(seed)),
    hashString(name),
    index >>> 0,
    Math.floor(index / 2 ** 32),
  );
}

module.exports = { Prng, streamOf, hashString, mix32 };
