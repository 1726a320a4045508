import { ApiError } from '../api/http.js';

export interface UiError {
  id: number;
  message: string;
  /** How many times the same message arrived while shown. */
  count: number;
}

const MAX_SHOWN = 5;

class ErrorBanner {
  items = $state<UiError[]>([]);
  private nextId = 1;

  push(message: string): void {
    const same = this.items.find((e) => e.message === message);
    if (same) {
      same.count += 1;
      return;
    }
    this.items = [...this.items, { id: this.nextId++, message, count: 1 }].slice(-MAX_SHOWN);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((e) => e.id !== id);
  }
}

export const errors = new ErrorBanner();

function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

/** Shows an error in the banner: the problem `detail` for API errors, the message otherwise. Aborts are silent. */
export function reportError(e: unknown, context?: string): void {
  if (isAbort(e)) return;
  const text = e instanceof ApiError || e instanceof Error ? e.message : String(e);
  errors.push(context ? `${context}: ${text}` : text);
}
