/** The last `capacity` values pushed, oldest first, in a fixed array (no allocation per value). */
export class RingBuffer {
  private readonly data: Float64Array;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive integer: ${capacity}`);
    this.data = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  /** The oldest value: the one the next push evicts when full. */
  oldest(): number {
    if (this.count === 0) throw new RangeError('empty ring buffer');
    return this.data[this.start]!;
  }

  /** The i-th value, oldest first. */
  at(i: number): number {
    return this.data[(this.start + i) % this.capacity]!;
  }

  push(value: number): void {
    if (this.count < this.capacity) {
      this.data[(this.start + this.count) % this.capacity] = value;
      this.count++;
    } else {
      this.data[this.start] = value;
      this.start = (this.start + 1) % this.capacity;
    }
  }
}
