/**
 * Saves the latest value after a quiet period: a burst of changes (typing in a settings field) is
 * one request. A failure goes to `onError`; the next change tries again.
 */
export class DebouncedSave<T> {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: { value: T } | null = null;

  constructor(
    private readonly save: (value: T) => Promise<unknown>,
    private readonly delayMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  schedule(value: T): void {
    this.pending = { value };
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Saves what is pending now. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const pending = this.pending;
    this.pending = null;
    if (!pending) return;
    try {
      await this.save(pending.value);
    } catch (e) {
      this.onError(e);
    }
  }

  /** Drops what is pending (signed out: it is no longer this user's to save). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }
}
