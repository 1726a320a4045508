import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { MessageStore, MessageStoreOptions } from './store.js';

export interface FileMessageStoreOptions extends MessageStoreOptions {
  /** fsync every write (survives a power cut, not only a crash); default false. */
  readonly fsync?: boolean;
}

/** A session id as a file name: anything but letters, digits, `.`, `_` and `-` as `%XX`. */
export function sessionFileName(sessionId: string): string {
  return sessionId.replace(
    /[^A-Za-z0-9._-]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/**
 * QuickFIX FileStore-like persistent store, four files per session in `dir`:
 * `<id>.seqnums` (both next sequence numbers, rewritten in place), `<id>.body` (the sent frames,
 * appended), `<id>.header` (one `seq,offset,length ` entry per frame, appended after its body) and
 * `<id>.session` (the creation time). Writes are synchronous. On open everything is read back; a tail
 * left by a crash in the middle of a write (a body shorter than its index says, a half-written
 * index entry) is cut off.
 */
export class FileMessageStore implements MessageStore {
  private readonly fsync: boolean;
  private readonly now: () => number;
  private readonly seqFd: number;
  private readonly bodyFd: number;
  private readonly headerFd: number;
  private readonly sessionPath: string;
  private readonly index = new Map<number, [offset: number, length: number]>();
  private sender = 1;
  private target = 1;
  private bodySize = 0;
  private created = 0;
  private closed = false;

  static open(dir: string, sessionId: string, options: FileMessageStoreOptions = {}): FileMessageStore {
    mkdirSync(dir, { recursive: true });
    return new FileMessageStore(join(dir, sessionFileName(sessionId)), options);
  }

  private constructor(base: string, options: FileMessageStoreOptions) {
    this.fsync = options.fsync ?? false;
    this.now = options.now ?? Date.now;
    this.seqFd = openSync(`${base}.seqnums`, 'a+');
    this.bodyFd = openSync(`${base}.body`, 'a+');
    this.headerFd = openSync(`${base}.header`, 'a+');
    this.sessionPath = `${base}.session`;
    this.load();
  }

  nextSenderSeqNum(): number {
    return this.sender;
  }
  nextTargetSeqNum(): number {
    return this.target;
  }
  setNextSenderSeqNum(n: number): void {
    this.sender = n;
    this.writeSeqNums();
  }
  setNextTargetSeqNum(n: number): void {
    this.target = n;
    this.writeSeqNums();
  }

  put(seqNum: number, bytes: Uint8Array): void {
    const offset = this.bodySize;
    this.append(this.bodyFd, bytes);
    this.bodySize += bytes.length;
    const entry = Buffer.from(`${seqNum},${offset},${bytes.length} `, 'latin1');
    this.append(this.headerFd, entry);
    this.index.set(seqNum, [offset, bytes.length]);
  }

  range(begin: number, end: number): [number, Uint8Array][] {
    const out: [number, Uint8Array][] = [];
    const seqs = [...this.index.keys()].filter((s) => s >= begin && s <= end).sort((a, b) => a - b);
    for (const s of seqs) {
      const [offset, length] = this.index.get(s)!;
      const bytes = Buffer.allocUnsafe(length);
      readSync(this.bodyFd, bytes, 0, length, offset);
      out.push([s, bytes]);
    }
    return out;
  }

  reset(): void {
    this.sender = 1;
    this.target = 1;
    this.index.clear();
    ftruncateSync(this.bodyFd, 0);
    ftruncateSync(this.headerFd, 0);
    this.bodySize = 0;
    this.writeSeqNums();
    this.writeCreationTime(this.now());
  }

  creationTime(): number {
    return this.created;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.seqFd);
    closeSync(this.bodyFd);
    closeSync(this.headerFd);
  }

  private load(): void {
    const seq = /^\s*(\d+)\s*:\s*(\d+)/.exec(readFileSync(this.seqFd, 'latin1'));
    if (seq) {
      this.sender = Number(seq[1]);
      this.target = Number(seq[2]);
    }
    this.bodySize = fstatSync(this.bodyFd).size;
    // Entries are complete only with their trailing space; one pointing past the body is a body
    // write cut short. Both end the usable part.
    const header = readFileSync(this.headerFd, 'latin1');
    const entry = /(\d+),(\d+),(\d+) /y;
    let validHeader = 0;
    let validBody = 0;
    for (let m = entry.exec(header); m; m = entry.exec(header)) {
      const [s, offset, length] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (offset + length > this.bodySize) break;
      this.index.set(s, [offset, length]);
      validHeader = entry.lastIndex;
      validBody = Math.max(validBody, offset + length);
    }
    if (validHeader < Buffer.byteLength(header, 'latin1')) ftruncateSync(this.headerFd, validHeader);
    if (validBody < this.bodySize) ftruncateSync(this.bodyFd, validBody);
    this.bodySize = validBody;
    let created = Number.NaN;
    try {
      created = Date.parse(readFileSync(this.sessionPath, 'latin1').trim());
    } catch {
      // no creation time yet: a new store
    }
    if (Number.isNaN(created)) this.writeCreationTime(this.now());
    else this.created = created;
    if (!seq) this.writeSeqNums();
  }

  private writeSeqNums(): void {
    const text = `${String(this.sender).padStart(10, '0')} : ${String(this.target).padStart(10, '0')}`;
    ftruncateSync(this.seqFd, 0);
    this.append(this.seqFd, Buffer.from(text, 'latin1'));
  }

  private writeCreationTime(ms: number): void {
    this.created = ms;
    const fd = openSync(this.sessionPath, 'w');
    try {
      writeSync(fd, new Date(ms).toISOString());
      if (this.fsync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  private append(fd: number, bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    if (this.fsync) fsyncSync(fd);
  }
}
