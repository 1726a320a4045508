/**
 * What a FIX session keeps between messages: the next sequence numbers both ways and the messages it
 * sent (for ResendRequest). In-memory here; a persistent store implements the same interface.
 */
export interface MessageStore {
  /** MsgSeqNum (34) of the next message we send. */
  nextSenderSeqNum(): number;
  /** MsgSeqNum (34) we expect on the next message we receive. */
  nextTargetSeqNum(): number;
  setNextSenderSeqNum(n: number): void;
  setNextTargetSeqNum(n: number): void;
  /** Keeps a sent message (the whole frame) under its MsgSeqNum. */
  put(seqNum: number, bytes: Uint8Array): void;
  /** The stored messages from `begin` to `end` inclusive, in order (missing ones left out). */
  range(begin: number, end: number): [seqNum: number, bytes: Uint8Array][];
  /** Both sequence numbers back to 1, stored messages dropped, a new creation time. */
  reset(): void;
  /** Epoch ms when the store was created or last reset (a schedule resets it at a new session period). */
  creationTime?(): number;
}

export interface MessageStoreOptions {
  /** Where the creation time comes from (default `Date.now`). */
  readonly now?: () => number;
}

export class MemoryMessageStore implements MessageStore {
  private sender = 1;
  private target = 1;
  private readonly messages = new Map<number, Uint8Array>();
  private readonly now: () => number;
  private created: number;

  constructor(options: MessageStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.created = this.now();
  }

  nextSenderSeqNum(): number {
    return this.sender;
  }
  nextTargetSeqNum(): number {
    return this.target;
  }
  setNextSenderSeqNum(n: number): void {
    this.sender = n;
  }
  setNextTargetSeqNum(n: number): void {
    this.target = n;
  }
  put(seqNum: number, bytes: Uint8Array): void {
    this.messages.set(seqNum, Uint8Array.from(bytes));
  }
  range(begin: number, end: number): [number, Uint8Array][] {
    const out: [number, Uint8Array][] = [];
    for (let s = begin; s <= end; s++) {
      const m = this.messages.get(s);
      if (m) out.push([s, m]);
    }
    return out;
  }
  reset(): void {
    this.sender = 1;
    this.target = 1;
    this.messages.clear();
    this.created = this.now();
  }
  creationTime(): number {
    return this.created;
  }
}
