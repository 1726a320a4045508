import {
  type Disposable,
  type ExtensionPoint,
  errorMessage,
  extensionPoints,
  type InstrumentId,
  type Logger,
  type VenueAdapter,
  type VenueEvents,
} from '@qmo/sdk';
import type { Contribution } from '../kernel/contribution-registry.js';
import type { Kernel } from '../kernel/kernel.js';

export type VenueContribution = Contribution<VenueAdapter>;

export interface VenueRouterOptions {
  kernel: Pick<Kernel, 'contributions'>;
  logger: Logger;
  defaultVenue: string;
  venues?: Readonly<Record<InstrumentId, string>>;
  /** The events object a venue reports through. */
  events(venue: VenueContribution): VenueEvents;
  /** Called once a venue is connected (re-send what it may have missed). */
  attached(venue: VenueContribution): Promise<void>;
}

interface Attachment {
  contribution: VenueContribution;
  connection: Disposable | undefined;
  connected: boolean;
}

/**
 * Routes orders to venues (per-instrument configuration, else the default venue) and keeps the
 * venue plugins' contributions connected: connects each when it appears, disposes it when it goes.
 */
export class VenueRouter {
  private readonly attachments = new Map<string, Attachment>();
  private readonly tasks = new Set<Promise<void>>();
  private watch: Disposable | undefined;

  constructor(private readonly options: VenueRouterOptions) {}

  start(): void {
    const point = extensionPoints.venues as ExtensionPoint<VenueAdapter>;
    this.watch ??= this.options.kernel.contributions.watch(point, {
      added: (c) => this.track(this.attach(c)),
      removed: (c) => this.track(this.detach(c)),
    });
  }

  async stop(): Promise<void> {
    await this.watch?.dispose();
    this.watch = undefined;
    await this.idle();
    for (const a of [...this.attachments.values()]) await this.detach(a.contribution);
  }

  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }

  /** The venue id an instrument's orders go to. */
  route(instrument: InstrumentId): string {
    return this.options.venues?.[instrument] ?? this.options.defaultVenue;
  }

  /** The connected venue with this id, if any. */
  venue(id: string): VenueContribution | undefined {
    const a = this.attachments.get(id);
    return a?.connected ? a.contribution : undefined;
  }

  /** Whether events from this contribution are still to be heeded. */
  isCurrent(contribution: VenueContribution): boolean {
    return this.attachments.get(contribution.value.venue)?.contribution === contribution;
  }

  private track(task: Promise<void>): void {
    const tracked = task.catch((error) =>
      this.options.logger.error('venue task failed', { error: errorMessage(error) }),
    );
    this.tasks.add(tracked);
    void tracked.finally(() => this.tasks.delete(tracked));
  }

  private async attach(contribution: VenueContribution): Promise<void> {
    const id = contribution.value.venue;
    if (this.attachments.has(id)) {
      contribution.fault(
        new Error(
          `venue "${id}" is already provided by plugin ${this.attachments.get(id)!.contribution.pluginId}`,
        ),
      );
      return;
    }
    const attachment: Attachment = { contribution, connection: undefined, connected: false };
    this.attachments.set(id, attachment);
    let connection: Disposable;
    try {
      connection = await contribution.value.connect(this.options.events(contribution));
    } catch (error) {
      contribution.fault(error);
      this.options.logger.error('venue failed to connect', { venue: id, error: errorMessage(error) });
      if (this.attachments.get(id) === attachment) this.attachments.delete(id);
      return;
    }
    if (this.attachments.get(id) !== attachment) {
      // Removed while connecting.
      await connection.dispose();
      return;
    }
    attachment.connection = connection;
    attachment.connected = true;
    this.options.logger.info('venue connected', { venue: id, plugin: contribution.pluginId });
    await this.options.attached(contribution);
  }

  private async detach(contribution: VenueContribution): Promise<void> {
    const id = contribution.value.venue;
    const attachment = this.attachments.get(id);
    if (!attachment || attachment.contribution !== contribution) return;
    this.attachments.delete(id);
    attachment.connected = false;
    try {
      await attachment.connection?.dispose();
    } catch (error) {
      this.options.logger.error('venue connection failed to close', {
        venue: id,
        error: errorMessage(error),
      });
    }
    this.options.logger.info('venue disconnected', { venue: id });
  }
}
