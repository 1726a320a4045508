import {
  FixAcceptor,
  type FixFieldList,
  type FixSession,
  loadFix44Dictionary,
  MemoryMessageStore,
} from '@qmo/sdk/fix';

/** An application message the venue received: MsgType, MsgSeqNum and its fields (the first of each tag). */
export interface VenueMessage {
  msgType: string;
  seq: number;
  fields: Map<number, string>;
}

/** What the test makes the venue answer to a message (nothing by default). */
export type VenueScript = (
  message: VenueMessage,
  reply: (msgType: string, body: FixFieldList) => void,
) => void;

/**
 * A scripted venue on the SDK's own FixAcceptor (session VENUE → QMO, in-memory store kept across
 * reconnects): every application message is recorded, and the script answers as the test needs —
 * including with a session-level Reject (35=3), which a counterparty's session sends on its own.
 */
export class SdkVenue {
  readonly received: VenueMessage[] = [];
  script: VenueScript = () => {};
  private constructor(
    private readonly acceptor: FixAcceptor,
    readonly port: number,
  ) {}

  static async start(): Promise<SdkVenue> {
    let venue: SdkVenue | undefined;
    const acceptor = new FixAcceptor({
      dictionary: loadFix44Dictionary(),
      sessions: [
        {
          settings: { senderCompId: 'VENUE', targetCompId: 'QMO' },
          store: new MemoryMessageStore(),
          application: {
            onMessage: (view, session: FixSession) => {
              const fields = new Map<number, string>();
              for (const [tag, value] of view.toFieldList()) if (!fields.has(tag)) fields.set(tag, value);
              const message = { msgType: view.msgType, seq: view.getInt(34) ?? 0, fields };
              venue?.received.push(message);
              venue?.script(message, (msgType, body) => session.sendApplication(msgType, body));
            },
          },
        },
      ],
    });
    const { port } = await acceptor.listen(0, '127.0.0.1');
    venue = new SdkVenue(acceptor, port);
    return venue;
  }

  messages(msgType: string): VenueMessage[] {
    return this.received.filter((m) => m.msgType === msgType);
  }

  stop(): Promise<void> {
    return this.acceptor.close();
  }
}
