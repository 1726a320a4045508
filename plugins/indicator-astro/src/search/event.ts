/** One astronomical event found by a search. */
export interface AstroEvent {
  /** Epoch ms (UTC). */
  readonly time: number;
  /** What the event belongs to: a zone opens on `enter` and closes on `exit` of the same key. */
  readonly key: string;
  readonly edge: 'point' | 'enter' | 'exit';
  /** Machine-readable kind, e.g. "ingress", "station-retrograde", "aspect-exact", "full-moon". */
  readonly kind: string;
  readonly label: string;
}

/**
 * A search producing events in time order. `advance(to)` makes `pending` hold every event up to `to`
 * not yet taken (it may hold later ones too); the result for any instant is the same whatever the
 * sequence of `advance` calls.
 */
export interface EventSource {
  advance(to: number): void;
  readonly pending: AstroEvent[];
  /** Keys whose zone is open at the source's origin (the state before any event). */
  activeAtOrigin(): readonly string[];
}
