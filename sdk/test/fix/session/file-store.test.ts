import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileMessageStore, sessionFileName } from '../../../src/fix/index.js';

const ID = 'FIX.4.4:ISLD->TW';
const bytes = (s: string) => Buffer.from(s, 'latin1');
const texts = (r: [number, Uint8Array][]) => r.map(([s, b]) => [s, Buffer.from(b).toString('latin1')]);

describe('FileMessageStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fix-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (now = () => 1000) => {
    const store = FileMessageStore.open(dir, ID, { now });
    store.put(1, bytes('one'));
    store.put(2, bytes('two'));
    store.put(3, bytes('three'));
    store.setNextSenderSeqNum(4);
    store.setNextTargetSeqNum(7);
    store.close();
  };

  it('names its files after the session id, safely', () => {
    write();
    expect(sessionFileName(ID)).toBe('FIX.4.4%3AISLD-%3ETW');
    expect(readdirSync(dir).sort()).toEqual(
      ['body', 'header', 'seqnums', 'session'].map((e) => `FIX.4.4%3AISLD-%3ETW.${e}`),
    );
  });

  it('reopened, has the sequence numbers, the messages and the creation time', () => {
    write();
    const store = FileMessageStore.open(dir, ID, { fsync: true, now: () => 5000 });
    expect(store.nextSenderSeqNum()).toBe(4);
    expect(store.nextTargetSeqNum()).toBe(7);
    expect(texts(store.range(2, 10))).toEqual([
      [2, 'two'],
      [3, 'three'],
    ]);
    expect(store.creationTime()).toBe(1000);
    store.put(4, bytes('four'));
    store.close();
    expect(texts(FileMessageStore.open(dir, ID).range(1, 4)).map(([, t]) => t)).toEqual([
      'one',
      'two',
      'three',
      'four',
    ]);
  });

  it('reset empties it and records a new creation time, also after reopening', () => {
    write();
    const store = FileMessageStore.open(dir, ID, { now: () => 9000 });
    store.reset();
    expect([store.nextSenderSeqNum(), store.nextTargetSeqNum(), store.range(1, 10)]).toEqual([1, 1, []]);
    expect(store.creationTime()).toBe(9000);
    store.close();
    const again = FileMessageStore.open(dir, ID);
    expect([again.nextSenderSeqNum(), again.range(1, 10), again.creationTime()]).toEqual([1, [], 9000]);
  });

  it('drops the last record when the body was cut short by a crash, and appends after it', () => {
    write();
    const body = join(dir, `${sessionFileName(ID)}.body`);
    truncateSync(body, statSync(body).size - 2);
    const store = FileMessageStore.open(dir, ID);
    expect(texts(store.range(1, 3)).map(([s]) => s)).toEqual([1, 2]);
    store.put(3, bytes('THREE'));
    store.close();
    expect(texts(FileMessageStore.open(dir, ID).range(3, 3))).toEqual([[3, 'THREE']]);
  });

  it('ignores a half-written index entry and garbage after the last body record', () => {
    write();
    appendFileSync(join(dir, `${sessionFileName(ID)}.header`), '4,11,');
    appendFileSync(join(dir, `${sessionFileName(ID)}.body`), 'fo');
    const store = FileMessageStore.open(dir, ID);
    expect(texts(store.range(1, 10)).map(([, t]) => t)).toEqual(['one', 'two', 'three']);
    store.put(4, bytes('four'));
    expect(texts(store.range(4, 4))).toEqual([[4, 'four']]);
    store.close();
  });
});
