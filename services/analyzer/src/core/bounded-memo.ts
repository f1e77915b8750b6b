// A memo of pure per-string results with a fixed bound, for caches keyed by words: a news stream
// never stops bringing new ones (names, numbers, typos), so an unbounded Map grows forever.
//
// Two generations instead of a full LRU: entries go into `young`; when it holds `generation`
// entries it becomes `old` and the previous old generation is dropped. A hit in `old` moves the
// entry back into `young`, so the words in use survive every turn and only the ones unseen for
// a whole generation are recomputed. At most 2 x `generation` entries are held; a lookup is one
// or two Map reads, no list to maintain.

export class BoundedMemo<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  constructor(private readonly generation: number) {
    if (!(generation >= 1)) throw new RangeError('generation must be at least 1');
  }

  get(key: K): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const kept = this.old.get(key);
    if (kept !== undefined) this.set(key, kept);
    return kept;
  }

  set(key: K, value: V): void {
    if (this.young.size >= this.generation) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  /** Entries held (a promoted entry may be counted in both generations). */
  get size(): number {
    return this.young.size + this.old.size;
  }
}
