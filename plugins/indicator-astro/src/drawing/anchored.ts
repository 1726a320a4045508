/**
 * State that depends on the first bar's time (the origin of event searches): made at the first
 * committed bar and kept; a peek before any bar gets a throwaway one.
 */
export class Anchored<T> {
  private state: T | undefined;

  constructor(private readonly make: (origin: number) => T) {}

  get(time: number, commit: boolean): T {
    if (this.state !== undefined) return this.state;
    const state = this.make(time);
    if (commit) this.state = state;
    return state;
  }
}
