import { describe, expect, it } from 'vitest';
import { type FixFieldList, MemoryMessageStore } from '../../../src/fix/index.js';
import { Harness, LOGON_IN, LOGON_OUT } from './harness.js';

const H = '8=FIX.4.4|9=';
const T = '52=00000000-00:00:00.000|56=TW44|';

function loggedOn(settings = {}): Harness {
  const h = new Harness(settings);
  h.in(LOGON_IN);
  h.expect(LOGON_OUT);
  expect(h.session.isLoggedOn).toBe(true);
  return h;
}

describe('FixSession (acceptor), modelled on the QuickFIX FIX 4.4 session tests', () => {
  it('1a: valid logon, then logout both ways', () => {
    const h = loggedOn();
    h.in('8=FIX.4.4|35=5|34=2|49=TW44|52=<TIME>|56=ISLD|');
    h.expect(`${H}51|35=5|34=2|49=ISLD|${T}10=0|`);
    expect(h.disconnects).toBe(1);
    expect(h.session.state).toBe('disconnected');
  });

  it('1a: logon with MsgSeqNum too high answers Logon then ResendRequest', () => {
    const h = new Harness();
    h.in('8=FIX.4.4|35=A|34=5|49=TW44|52=<TIME>|56=ISLD|98=0|108=30|');
    h.expect(LOGON_OUT);
    h.expect(`${H}60|35=2|34=2|49=ISLD|${T}7=1|16=0|10=0|`);
  });

  it('1e: first message not a Logon: disconnect without a word', () => {
    const h = new Harness();
    h.in('8=FIX.4.4|35=1|34=1|49=TW44|52=<TIME>|56=ISLD|112=HELLO|');
    h.expectNothing();
    expect(h.disconnects).toBe(1);
  });

  it('2b: MsgSeqNum too high: ResendRequest, queue, then process in order', () => {
    const h = loggedOn();
    for (const s of [2, 3, 4]) h.in(`8=FIX.4.4|35=0|34=${s}|49=TW44|52=<TIME>|56=ISLD|`);
    h.in('8=FIX.4.4|35=0|34=10|49=TW44|52=<TIME>|56=ISLD|');
    h.expect(`${H}60|35=2|34=2|49=ISLD|${T}7=5|16=0|10=0|`);
    for (const s of [5, 6, 7, 8, 9]) h.in(`8=FIX.4.4|35=0|34=${s}|49=TW44|52=<TIME>|56=ISLD|`);
    h.expectNothing();
    expect(h.store.nextTargetSeqNum()).toBe(11);
    h.in('8=FIX.4.4|35=5|34=11|49=TW44|52=<TIME>|56=ISLD|');
    h.expect(`${H}51|35=5|34=3|49=ISLD|${T}10=0|`);
    expect(h.disconnects).toBe(1);
  });

  it('2c: MsgSeqNum too low without PossDup: Logout with the QuickFIX text, disconnect', () => {
    const h = loggedOn();
    for (const s of [2, 3, 4]) h.in(`8=FIX.4.4|35=0|34=${s}|49=TW44|52=<TIME>|56=ISLD|`);
    h.in('8=FIX.4.4|35=0|34=2|49=TW44|52=<TIME>|56=ISLD|');
    h.expect(`${H}100|35=5|34=2|49=ISLD|${T}58=MsgSeqNum too low, expecting 5 but received 2|10=0|`);
    expect(h.disconnects).toBe(1);
  });

  it('2f: PossDup with OrigSendingTime after SendingTime: Reject 10, Logout', () => {
    const h = loggedOn();
    const order = '11=ID|21=3|40=1|54=1|55=INTC|60=<TIME>|';
    const echo = '11=ID|21=3|40=1|54=1|55=INTC|60=00000000-00:00:00|10=0|';
    h.in(`8=FIX.4.4|35=D|34=2|49=TW44|52=<TIME>|56=ISLD|${order}`);
    h.expect(`${H}101|35=D|34=2|49=ISLD|${T}${echo}`);
    h.in(`8=FIX.4.4|35=D|34=3|49=TW44|52=<TIME>|56=ISLD|${order}`);
    h.expect(`${H}101|35=D|34=3|49=ISLD|${T}${echo}`);
    h.in(`8=FIX.4.4|35=D|34=2|49=TW44|52=<TIME>|56=ISLD|43=Y|122=<TIME+10>|${order}`);
    h.expect(`${H}101|35=3|34=4|49=ISLD|${T}45=2|58=SendingTime accuracy problem|372=D|373=10|10=0|`);
    h.expect(`${H}51|35=5|34=5|49=ISLD|${T}10=0|`);
    h.in('8=FIX.4.4|35=5|34=4|49=TW44|52=<TIME>|56=ISLD|');
    h.expectNothing();
    expect(h.disconnects).toBe(1);
  });

  it('2g: PossDup without OrigSendingTime: Reject 1 RefTagID 122, session goes on', () => {
    const h = loggedOn();
    const order = '11=ID|21=3|40=1|54=1|55=INTC|60=<TIME>|';
    h.in(`8=FIX.4.4|35=D|34=2|49=TW44|52=<TIME>|56=ISLD|${order}`);
    h.in(`8=FIX.4.4|35=D|34=3|49=TW44|52=<TIME>|56=ISLD|${order}`);
    h.out.length = 0;
    h.in(`8=FIX.4.4|35=D|34=2|49=TW44|52=<TIME>|56=ISLD|43=Y|${order}`);
    h.expect(`${H}100|35=3|34=4|49=ISLD|${T}45=2|58=Required tag missing|371=122|372=D|373=1|10=0|`);
    h.in('8=FIX.4.4|35=1|34=4|49=TW44|52=<TIME>|56=ISLD|112=HELLO|');
    h.expect(`${H}61|35=0|34=5|49=ISLD|${T}112=HELLO|10=0|`);
    h.in('8=FIX.4.4|35=5|34=5|49=TW44|52=<TIME>|56=ISLD|');
    h.expect(`${H}51|35=5|34=6|49=ISLD|${T}10=0|`);
  });

  it('2e: PossDup already received is ignored', () => {
    const h = loggedOn();
    h.in('8=FIX.4.4|35=0|34=2|49=TW44|52=<TIME>|56=ISLD|');
    h.in('8=FIX.4.4|35=0|34=2|43=Y|49=TW44|52=<TIME>|56=ISLD|122=<TIME>|');
    h.expectNothing();
    expect(h.disconnects).toBe(0);
  });

  it('2i: BeginString mismatch: Logout "Incorrect BeginString" and disconnect', () => {
    const h = loggedOn();
    h.in('8=FIX.4.1|35=1|34=2|49=TW44|52=<TIME>|56=ISLD|112=id|');
    h.expect(`${H}76|35=5|34=2|49=ISLD|${T}58=Incorrect BeginString|10=0|`);
    expect(h.disconnects).toBe(1);
  });

  for (const [sender, target] of [
    ['WT', 'ISLD'],
    ['TW44', 'DLSI'],
    ['WT', 'DLSI'],
  ] as const) {
    it(`2k: CompIDs ${sender}/${target}: Reject 9, Logout, disconnect on their Logout`, () => {
      const h = loggedOn();
      h.in(`8=FIX.4.4|35=D|34=2|49=${sender}|52=<TIME>|56=${target}|11=ID|21=3|40=1|54=1|55=INTC|60=<TIME>|`);
      h.expect(`${H}86|35=3|34=2|49=ISLD|${T}45=2|58=CompID problem|372=D|373=9|10=0|`);
      h.expect(`${H}51|35=5|34=3|49=ISLD|${T}10=0|`);
      h.in('8=FIX.4.4|35=5|34=3|49=TW44|52=<TIME>|56=ISLD|');
      h.expectNothing();
      expect(h.disconnects).toBe(1);
      expect(h.apps).toHaveLength(0);
    });
  }

  for (const shift of ['-121', '+121']) {
    it(`2o: SendingTime ${shift} s: Reject 10, Logout`, () => {
      const h = loggedOn();
      h.in(`8=FIX.4.4|35=0|34=2|49=TW44|52=<TIME${shift}>|56=ISLD|`);
      h.expect(`${H}101|35=3|34=2|49=ISLD|${T}45=2|58=SendingTime accuracy problem|372=0|373=10|10=0|`);
      h.expect(`${H}51|35=5|34=3|49=ISLD|${T}10=0|`);
      h.in('8=FIX.4.4|35=5|34=3|49=TW44|52=<TIME>|56=ISLD|');
      expect(h.disconnects).toBe(1);
    });
  }

  it('2o: CheckLatency=N lets an old SendingTime through', () => {
    const h = loggedOn({ checkLatency: false });
    h.in('8=FIX.4.4|35=1|34=2|49=TW44|52=<TIME-1000>|56=ISLD|112=X|');
    h.expect(`${H}57|35=0|34=2|49=ISLD|${T}112=X|10=0|`);
  });

  it('3b: a garbled message (bad CheckSum) is ignored', () => {
    const h = loggedOn();
    h.in('8=FIX.4.4|35=1|34=2|49=TW44|52=<TIME>|56=ISLD|112=HELLO|10=000|');
    h.expectNothing();
    h.in('8=FIX.4.4|35=1|34=2|49=TW44|52=<TIME>|56=ISLD|112=HELLO|');
    h.expect(`${H}61|35=0|34=2|49=ISLD|${T}112=HELLO|10=0|`);
  });

  it('4a/6: heartbeat after HeartBtInt, TestRequest after HeartBtInt + 20%, disconnect if unanswered', () => {
    const h = loggedOn();
    h.clock.advance(30_000);
    h.expect(`${H}51|35=0|34=2|49=ISLD|${T}10=0|`);
    h.clock.advance(6_000);
    h.expect(`${H}60|35=1|34=3|49=ISLD|${T}112=TEST|10=0|`);
    h.in('8=FIX.4.4|35=0|34=2|49=TW44|52=<TIME>|56=ISLD|112=TEST|');
    expect(h.disconnects).toBe(0);
    h.clock.advance(36_000);
    h.out.length = 0;
    h.clock.advance(36_000);
    expect(h.disconnects).toBe(1);
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('4b: TestRequest answered by a Heartbeat with its TestReqID', () => {
    const h = loggedOn();
    h.in('8=FIX.4.4|35=1|34=2|49=TW44|52=<TIME>|56=ISLD|112=HELLO|');
    h.expect(`${H}61|35=0|34=2|49=ISLD|${T}112=HELLO|10=0|`);
    h.in('8=FIX.4.4|35=5|34=3|49=TW44|52=<TIME>|56=ISLD|');
    h.expect(`${H}51|35=5|34=3|49=ISLD|${T}10=0|`);
  });

  it('10: SequenceReset-GapFill with the expected MsgSeqNum moves the inbound sequence', () => {
    const h = loggedOn();
    h.in('8=FIX.4.4|35=4|34=2|49=TW44|52=<TIME>|56=ISLD|36=20|123=Y|');
    h.in('8=FIX.4.4|35=1|34=20|49=TW44|52=<TIME>|56=ISLD|112=HELLO|');
    h.expect(`${H}61|35=0|34=2|49=ISLD|${T}112=HELLO|10=0|`);
  });

  it('11a: SequenceReset-Reset with NewSeqNo greater', () => {
    const h = loggedOn();
    h.in('8=FIX.4.4|35=4|34=0|49=TW44|52=<TIME>|56=ISLD|36=25|');
    h.in('8=FIX.4.4|35=1|34=25|49=TW44|52=<TIME>|56=ISLD|112=HELLO|');
    h.expect(`${H}61|35=0|34=2|49=ISLD|${T}112=HELLO|10=0|`);
    h.in('8=FIX.4.4|35=4|34=0|49=TW44|52=<TIME>|56=ISLD|36=50|123=N|');
    h.in('8=FIX.4.4|35=1|34=50|49=TW44|52=<TIME>|56=ISLD|112=HELLO|');
    h.expect(`${H}61|35=0|34=3|49=ISLD|${T}112=HELLO|10=0|`);
    h.in('8=FIX.4.4|35=5|34=51|49=TW44|52=<TIME>|56=ISLD|');
    h.expect(`${H}51|35=5|34=4|49=ISLD|${T}10=0|`);
  });

  it('11c: SequenceReset with NewSeqNo less: Reject 5 without RefTagID', () => {
    const h = loggedOn();
    const reject = (n: number) =>
      `${H}118|35=3|34=${n}|49=ISLD|${T}45=0|58=Value is incorrect (out of range) for this tag|372=4|373=5|10=0|`;
    h.in('8=FIX.4.4|35=4|34=0|49=TW44|52=<TIME>|56=ISLD|36=1|');
    h.expect(reject(2));
    h.in('8=FIX.4.4|35=1|34=2|49=TW44|52=<TIME>|56=ISLD|112=HELLO|');
    h.expect(`${H}61|35=0|34=3|49=ISLD|${T}112=HELLO|10=0|`);
    h.in('8=FIX.4.4|35=4|34=0|49=TW44|52=<TIME>|56=ISLD|36=1|123=N|');
    h.expect(reject(4));
  });

  it('14b/14e: validator rejects carry reason, RefTagID, RefMsgType and RefSeqNum', () => {
    const h = new Harness();
    h.in('8=FIX.4.4|35=A|34=1|49=TW44|52=<TIME>|56=ISLD|98=0|108=2|');
    h.expect(`${H}62|35=A|34=1|49=ISLD|${T}98=0|108=2|10=0|`);
    h.in('8=FIX.4.4|35=0|34=2|49=TW44|52=<TIME>|');
    h.expect(`${H}99|35=3|34=2|49=ISLD|${T}45=2|58=Required tag missing|371=56|372=0|373=1|10=0|`);
    h.in('8=FIX.4.4|35=D|49=TW44|34=3|56=ISLD|52=<TIME>|40=1|60=<TIME>|54=1|21=3|');
    h.expect(`${H}99|35=3|34=3|49=ISLD|${T}45=3|58=Required tag missing|371=11|372=D|373=1|10=0|`);
    h.in(
      '8=FIX.4.4|35=D|34=4|49=TW44|52=<TIME>|56=ISLD|11=ID|21=4|40=1|54=1|38=002000.00|55=INTC|60=<TIME>|',
    );
    h.expect(
      `${H}125|35=3|34=4|49=ISLD|${T}45=4|58=Value is incorrect (out of range) for this tag|371=21|372=D|373=5|10=0|`,
    );
    h.in('8=FIX.4.4|35=5|34=5|49=TW44|52=<TIME>|56=ISLD|');
    h.expect(`${H}51|35=5|34=5|49=ISLD|${T}10=0|`);
  });

  it('ResendRequest: application messages again with PossDup and OrigSendingTime, admin ones gap-filled', () => {
    const h = loggedOn();
    const order = '11=ID|21=3|40=1|54=1|55=INTC|60=<TIME>|';
    h.in(`8=FIX.4.4|35=D|34=2|49=TW44|52=<TIME>|56=ISLD|${order}`);
    h.in('8=FIX.4.4|35=1|34=3|49=TW44|52=<TIME>|56=ISLD|112=A|');
    h.in(`8=FIX.4.4|35=D|34=4|49=TW44|52=<TIME>|56=ISLD|${order}`);
    h.out.length = 0; // sent: 1 Logon, 2 D, 3 Heartbeat, 4 D
    h.in('8=FIX.4.4|35=2|34=5|49=TW44|52=<TIME>|56=ISLD|7=1|16=0|');
    const echo = '11=ID|21=3|40=1|54=1|55=INTC|60=00000000-00:00:00|10=0|';
    h.expect(`${H}93|35=4|34=1|43=Y|49=ISLD|${T}122=00000000-00:00:00.000|36=2|123=Y|10=0|`);
    h.expect(`${H}132|35=D|34=2|43=Y|49=ISLD|${T}122=00000000-00:00:00.000|${echo}`);
    h.expect(`${H}93|35=4|34=3|43=Y|49=ISLD|${T}122=00000000-00:00:00.000|36=4|123=Y|10=0|`);
    h.expect(`${H}132|35=D|34=4|43=Y|49=ISLD|${T}122=00000000-00:00:00.000|${echo}`);
    h.expectNothing();
    expect(h.store.nextSenderSeqNum()).toBe(5);
  });

  it('ResendRequest ending in admin messages is closed by a gap fill to the next number', () => {
    const h = loggedOn();
    h.in('8=FIX.4.4|35=1|34=2|49=TW44|52=<TIME>|56=ISLD|112=A|');
    h.out.length = 0;
    h.in('8=FIX.4.4|35=2|34=3|49=TW44|52=<TIME>|56=ISLD|7=1|16=0|');
    h.expect(`${H}93|35=4|34=1|43=Y|49=ISLD|${T}122=00000000-00:00:00.000|36=3|123=Y|10=0|`);
    h.expectNothing();
  });

  it('ResetOnLogout drops the sequence numbers; without it the store keeps them', () => {
    const h = loggedOn({ resetOnLogout: true });
    h.in('8=FIX.4.4|35=5|34=2|49=TW44|52=<TIME>|56=ISLD|');
    expect(h.store.nextSenderSeqNum()).toBe(1);
    const k = loggedOn({ resetOnLogon: false });
    k.in('8=FIX.4.4|35=5|34=2|49=TW44|52=<TIME>|56=ISLD|');
    expect([k.store.nextSenderSeqNum(), k.store.nextTargetSeqNum()]).toEqual([3, 3]);
  });

  it('ResetOnDisconnect', () => {
    const h = loggedOn({ resetOnDisconnect: true });
    h.session.disconnected();
    expect(h.store.nextTargetSeqNum()).toBe(1);
  });

  it('our Logout waits for theirs, then disconnects (or after the logout timeout)', () => {
    const h = loggedOn();
    h.session.logout('bye');
    h.expect(`${H}58|35=5|34=2|49=ISLD|${T}58=bye|10=0|`);
    h.in('8=FIX.4.4|35=5|34=2|49=TW44|52=<TIME>|56=ISLD|');
    h.expectNothing();
    expect(h.disconnects).toBe(1);
    const k = loggedOn();
    k.session.logout();
    k.clock.advance(2_000);
    expect(k.disconnects).toBe(1);
  });
});

describe('FixSession: more QuickFIX definitions', () => {
  for (const [name, logon] of [
    ['1c InvalidSenderCompID', '8=FIX.4.4|35=A|34=1|49=WT|52=<TIME>|56=ISLD|98=0|108=30|'],
    [
      '1d InvalidLogonBadSendingTime',
      '8=FIX.4.4|35=A|34=1|49=TW44|52=20010101-00:00:00|56=ISLD|98=0|108=30|',
    ],
    ['1d InvalidLogonWrongBeginString', '8=FIX.3.9|35=A|34=1|49=TW44|52=<TIME>|56=ISLD|98=0|108=30|'],
  ] as const) {
    it(`${name}: disconnect without an answer`, () => {
      const h = new Harness();
      h.in(logon);
      h.expectNothing();
      expect(h.disconnects).toBe(1);
    });
  }

  it('2e PossDupNotReceived: a PossDup message at the expected number is processed', () => {
    const h = loggedOn();
    h.in('8=FIX.4.4|35=0|34=2|49=TW44|52=<TIME>|56=ISLD|');
    h.in('8=FIX.4.4|35=0|34=2|49=TW44|52=<TIME>|122=<TIME>|56=ISLD|43=Y|');
    h.in('8=FIX.4.4|35=0|34=3|49=TW44|52=<TIME>|122=<TIME>|56=ISLD|43=Y|');
    h.in('8=FIX.4.4|35=5|34=4|49=TW44|52=<TIME>|56=ISLD|');
    h.expect(`${H}51|35=5|34=2|49=ISLD|${T}10=0|`);
    expect(h.disconnects).toBe(1);
  });

  it('20 SimultaneousResendRequest: their ResendRequest is served during our own', () => {
    const h = loggedOn();
    const order = '11=ID|21=3|40=1|54=1|55=INTC|60=<TIME>|';
    const echo = '11=ID|21=3|40=1|54=1|55=INTC|60=00000000-00:00:00|10=0|';
    h.in(`8=FIX.4.4|35=D|34=2|49=TW44|52=<TIME>|56=ISLD|${order}`);
    h.expect(`${H}101|35=D|34=2|49=ISLD|${T}${echo}`);
    h.in(`8=FIX.4.4|35=D|34=3|49=TW44|52=<TIME>|56=ISLD|${order}`);
    h.expect(`${H}101|35=D|34=3|49=ISLD|${T}${echo}`);
    h.in('8=FIX.4.4|35=0|34=7|49=TW44|52=<TIME>|56=ISLD|');
    h.expect(`${H}60|35=2|34=4|49=ISLD|${T}7=4|16=0|10=0|`);
    h.in('8=FIX.4.4|35=2|34=8|49=TW44|52=<TIME>|56=ISLD|7=2|16=3|');
    h.expect(`${H}132|35=D|34=2|43=Y|49=ISLD|${T}122=00000000-00:00:00.000|${echo}`);
    h.expect(`${H}132|35=D|34=3|43=Y|49=ISLD|${T}122=00000000-00:00:00.000|${echo}`);
    for (const n of [4, 5, 6]) h.in(`8=FIX.4.4|35=0|34=${n}|43=Y|49=TW44|52=<TIME>|122=<TIME>|56=ISLD|`);
    h.expectNothing();
    h.in('8=FIX.4.4|35=5|34=7|49=TW44|52=<TIME>|56=ISLD|');
    h.expect(`${H}51|35=5|34=5|49=ISLD|${T}10=0|`);
    expect(h.disconnects).toBe(1);
  });

  it('RejectResentMessage: a resent message that fails validation is rejected, the queue goes on', () => {
    const h = loggedOn();
    h.in('8=FIX.4.4|35=1|34=3|49=TW44|52=<TIME>|56=ISLD|112=HELLO1|');
    h.expect(`${H}60|35=2|34=2|49=ISLD|${T}7=2|16=0|10=0|`);
    h.in(
      '8=FIX.4.4|35=D|34=2|43=Y|49=TW44|52=<TIME>|56=ISLD|122=<TIME>|11=ID|21=3|38=100|40=1|54=1|55=IVP|60=<TIME>|126=20040415|',
    );
    h.expect(
      `${H}111|35=3|34=3|49=ISLD|${T}45=2|58=Incorrect data format for value|371=126|372=D|373=6|10=245|`,
    );
    h.in('8=FIX.4.4|35=1|34=4|49=TW44|52=<TIME>|56=ISLD|112=HELLO2|');
    h.expect(`${H}62|35=0|34=4|49=ISLD|${T}112=HELLO1|10=0|`);
    h.expect(`${H}62|35=0|34=5|49=ISLD|${T}112=HELLO2|10=0|`);
    h.in('8=FIX.4.4|35=5|34=11|49=TW44|52=<TIME>|56=ISLD|');
    h.expect(`${H}51|35=5|34=6|49=ISLD|${T}10=0|`);
    expect(h.disconnects).toBe(1);
  });
});

describe('FixSession: reset and routing', () => {
  it('SessionReset: a Logon with ResetSeqNumFlag while logged on starts both sequences again', () => {
    const h = loggedOn();
    for (let n = 2; n <= 9; n++) h.in(`8=FIX.4.4|35=0|34=${n}|49=TW44|52=<TIME>|56=ISLD|`);
    h.in('8=FIX.4.4|35=1|34=10|49=TW44|52=<TIME>|56=ISLD|112=1|');
    h.expect(`${H}57|35=0|34=2|49=ISLD|${T}112=1|10=0|`);
    h.in('8=FIX.4.4|35=A|34=1|49=TW44|52=<TIME>|56=ISLD|98=0|108=30|141=Y|');
    h.expect(`${H}69|35=A|34=1|49=ISLD|${T}98=0|108=30|141=Y|10=0|`);
    h.in('8=FIX.4.4|35=1|34=2|49=TW44|52=<TIME>|56=ISLD|112=1|');
    h.expect(`${H}57|35=0|34=2|49=ISLD|${T}112=1|10=0|`);
    h.in('8=FIX.4.4|35=5|34=3|49=TW44|52=<TIME>|56=ISLD|');
    h.expect(`${H}51|35=5|34=3|49=ISLD|${T}10=0|`);
  });

  it('ReverseRoute: a Reject goes back with OnBehalfOf and DeliverTo swapped', () => {
    const h = loggedOn();
    const body = '11=ID|21=3|38=100|40=w|54=1|55=INTC|60=<TIME>|';
    const text = '58=Value is incorrect (out of range) for this tag|371=40|372=D|373=5|10=0|';
    h.in(`8=FIX.4.4|35=D|34=2|49=TW44|52=<TIME>|56=ISLD|115=JCD|${body}`);
    h.expect(`${H}133|35=3|34=2|49=ISLD|${T}128=JCD|45=2|${text}`);
    h.in(`8=FIX.4.4|35=D|34=3|49=TW44|52=<TIME>|56=ISLD|128=JCD|129=CS|145=CHI|${body}`);
    h.expect(`${H}148|35=3|34=3|49=ISLD|${T}115=JCD|116=CS|144=CHI|45=3|${text}`);
    h.in('8=FIX.4.4|35=D|34=4|49=TW44|52=<TIME>|56=ISLD|115=|11=ID|21=3|38=100|40=1|54=1|55=INTC|60=<TIME>|');
    h.expect(`${H}109|35=3|34=4|49=ISLD|${T}45=4|58=Tag specified without a value|371=115|372=D|373=4|10=0|`);
  });
});

describe('FixSession: a Reject from the counterparty', () => {
  const reject = (seq: number, refSeq: number) =>
    `8=FIX.4.4|35=3|34=${seq}|49=TW44|52=<TIME>|56=ISLD|45=${refSeq}|58=Invalid tag number|371=9999|372=D|373=0|`;
  const field = (fields: FixFieldList, tag: number) => fields.find(([t]) => t === tag)?.[1];

  it('reaches the application once its MsgSeqNum is counted, and never as an application message', () => {
    const h = loggedOn();
    h.in(reject(2, 7));
    h.expectNothing();
    expect(h.rejects).toHaveLength(1);
    const [first] = h.rejects;
    expect(first!.nextTarget).toBe(3);
    expect(field(first!.fields, 45)).toBe('7');
    expect(field(first!.fields, 373)).toBe('0');
    expect(field(first!.fields, 58)).toBe('Invalid tag number');
    expect(h.apps).toEqual([]);
  });

  it('ahead of sequence: held until the gap is filled, then passed on in order', () => {
    const h = loggedOn();
    h.in(reject(3, 8));
    h.expect(`${H}60|35=2|34=2|49=ISLD|${T}7=2|16=0|10=0|`);
    expect(h.rejects).toEqual([]);
    h.in('8=FIX.4.4|35=0|34=2|49=TW44|52=<TIME>|56=ISLD|');
    expect(h.rejects.map((r) => [field(r.fields, 45), r.nextTarget])).toEqual([['8', 4]]);
  });

  it('a PossDup repeat of a Reject already processed is not passed on again', () => {
    const h = loggedOn();
    h.in(reject(2, 7));
    h.in(`${reject(2, 7).replace('|52=<TIME>|', '|43=Y|52=<TIME>|122=<TIME-1>|')}`);
    expect(h.rejects).toHaveLength(1);
  });
});

describe('FixSession (initiator)', () => {
  it('sends Logon with ResetSeqNumFlag on connect and logs on at the answer', () => {
    const h = new Harness({
      role: 'initiator',
      senderCompId: 'TW44',
      targetCompId: 'ISLD',
      resetOnLogon: true,
    });
    h.expect(`${H}69|35=A|34=1|49=TW44|52=00000000-00:00:00.000|56=ISLD|98=0|108=30|141=Y|10=0|`);
    expect(h.session.state).toBe('awaitingLogon');
    h.in('8=FIX.4.4|35=A|34=1|49=ISLD|52=<TIME>|56=TW44|98=0|108=30|141=Y|');
    expect(h.session.isLoggedOn).toBe(true);
    h.expectNothing();
  });

  it('an order stored while the Logon was on its way: a Heartbeat at logon shows the counterparty the gap', () => {
    const h = new Harness({
      role: 'initiator',
      senderCompId: 'TW44',
      targetCompId: 'ISLD',
      resetOnLogon: false,
    });
    h.expect(`${H}63|35=A|34=1|49=TW44|52=00000000-00:00:00.000|56=ISLD|98=0|108=30|10=0|`);
    expect(h.session.sendApplication('D', [[11, 'ORD-1']])).toBe(false);
    h.expectNothing();
    h.in('8=FIX.4.4|35=A|34=1|49=ISLD|52=<TIME>|56=TW44|98=0|108=30|');
    expect(h.session.isLoggedOn).toBe(true);
    h.expect(`${H}51|35=0|34=3|49=TW44|52=00000000-00:00:00.000|56=ISLD|10=0|`);
    // Their ResendRequest for 2 gets the stored order.
    h.in('8=FIX.4.4|35=2|34=2|49=ISLD|52=<TIME>|56=TW44|7=2|16=0|');
    expect(h.out.shift()).toMatch(/\|35=D\|34=2\|43=Y\|.*\|11=ORD-1\|/);
  });

  it('nothing stored during logon: no extra Heartbeat', () => {
    const h = new Harness({
      role: 'initiator',
      senderCompId: 'TW44',
      targetCompId: 'ISLD',
      resetOnLogon: false,
    });
    h.out.length = 0;
    h.in('8=FIX.4.4|35=A|34=1|49=ISLD|52=<TIME>|56=TW44|98=0|108=30|');
    expect(h.session.isLoggedOn).toBe(true);
    h.expectNothing();
  });
});

describe('MemoryMessageStore', () => {
  it('keeps copies of sent messages by sequence number', () => {
    const s = new MemoryMessageStore();
    const b = Buffer.from('abc');
    s.put(2, b);
    b[0] = 0;
    expect(s.range(1, 3).map(([n, m]) => [n, Buffer.from(m).toString()])).toEqual([[2, 'abc']]);
    s.reset();
    expect(s.range(1, 3)).toEqual([]);
  });
});
