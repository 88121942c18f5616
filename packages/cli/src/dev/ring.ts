/** A fixed-capacity ring: pushing past capacity hands back the oldest item, which it forgets. */
export class Ring<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private length = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.length;
  }

  /** Add `item`; returns the item it evicted, if the ring was full. */
  push(item: T): T | undefined {
    const index = (this.head + this.length) % this.capacity;
    if (this.length < this.capacity) {
      this.items[index] = item;
      this.length++;
      return undefined;
    }
    const evicted = this.items[this.head];
    this.items[this.head] = item;
    this.head = (this.head + 1) % this.capacity;
    return evicted;
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.items[(this.head + i) % this.capacity] as T);
    return out;
  }

  /** The newest item, if any. */
  last(): T | undefined {
    return this.length === 0 ? undefined : this.items[(this.head + this.length - 1) % this.capacity];
  }
}
