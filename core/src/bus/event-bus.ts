import { type Disposable, type QmoEvents, toDisposable } from '@qmo/sdk';

export type Handler<T> = (payload: T) => void;

/**
 * Typed in-process publish/subscribe. Delivery is synchronous and in subscription order;
 * a handler that throws is reported and does not stop delivery to the others.
 */
export class EventBus<Events extends object = QmoEvents> {
  private readonly handlers = new Map<keyof Events, Set<Handler<never>>>();

  constructor(private readonly onHandlerError: (topic: keyof Events, error: unknown) => void = () => {}) {}

  on<K extends keyof Events>(topic: K, handler: Handler<Events[K]>): Disposable {
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
    }
    set.add(handler as Handler<never>);
    return toDisposable(() => void set.delete(handler as Handler<never>));
  }

  emit<K extends keyof Events>(topic: K, payload: Events[K]): void {
    const set = this.handlers.get(topic);
    if (!set) return;
    for (const handler of set) {
      try {
        (handler as Handler<Events[K]>)(payload);
      } catch (error) {
        this.onHandlerError(topic, error);
      }
    }
  }

  listenerCount(topic: keyof Events): number {
    return this.handlers.get(topic)?.size ?? 0;
  }
}
