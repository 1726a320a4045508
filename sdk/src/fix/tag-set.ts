/** Tags below this go in a byte map; larger ones (rare custom tags) in a Set. */
const DENSE_LIMIT = 1 << 16;

/** An immutable set of tag numbers with an O(1), allocation-free `has` for the usual tag range. */
export class TagSet {
  private readonly dense: Uint8Array;
  private readonly sparse: Set<number> | null;
  readonly size: number;

  constructor(tags: Iterable<number>) {
    const list = [...new Set(tags)];
    let max = 0;
    const large: number[] = [];
    for (const t of list) {
      if (t >= DENSE_LIMIT) large.push(t);
      else if (t > max) max = t;
    }
    this.dense = new Uint8Array(max + 1);
    for (const t of list) if (t >= 0 && t < DENSE_LIMIT) this.dense[t] = 1;
    this.sparse = large.length > 0 ? new Set(large) : null;
    this.size = list.filter((t) => t >= 0).length;
  }

  has(tag: number): boolean {
    if (tag < this.dense.length) return tag >= 0 && this.dense[tag] === 1;
    return this.sparse?.has(tag) ?? false;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    for (let t = 0; t < this.dense.length; t++) if (this.dense[t] === 1) yield t;
    if (this.sparse) yield* [...this.sparse].sort((a, b) => a - b);
  }
}

/**
 * "Seen" marks for tags, cleared in O(1) by moving to a new generation: one per parser/validator,
 * reused for every message, so duplicate checks allocate nothing.
 */
export class TagMarks {
  private stamps: Int32Array;
  private overflow = new Map<number, number>();
  private generation = 0;

  constructor(size = 1024) {
    this.stamps = new Int32Array(size);
  }

  /** Starts a new, empty generation and returns its id. */
  next(): number {
    this.generation++;
    if (this.generation === 0x7fffffff) {
      this.stamps.fill(0);
      this.overflow.clear();
      this.generation = 1;
    }
    return this.generation;
  }

  /** Whether `tag` is marked in generation `gen`. */
  has(tag: number, gen: number): boolean {
    if (tag >= 0 && tag < DENSE_LIMIT) return tag < this.stamps.length && this.stamps[tag] === gen;
    return this.overflow.get(tag) === gen;
  }

  /** Marks `tag` in generation `gen`; returns true when it was already marked in it. */
  mark(tag: number, gen: number): boolean {
    if (tag >= 0 && tag < DENSE_LIMIT) {
      if (tag >= this.stamps.length) {
        const grown = new Int32Array(Math.min(DENSE_LIMIT, Math.max(tag + 1, this.stamps.length * 2)));
        grown.set(this.stamps);
        this.stamps = grown;
      }
      if (this.stamps[tag] === gen) return true;
      this.stamps[tag] = gen;
      return false;
    }
    if (this.overflow.get(tag) === gen) return true;
    this.overflow.set(tag, gen);
    return false;
  }
}
