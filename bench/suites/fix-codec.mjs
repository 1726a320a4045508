import { createRequire } from 'node:module';
import v8 from 'node:v8';
import {
  encodeMessage,
  FixEncoder,
  FixFramer,
  FixParser,
  FixValidator,
  loadFix44Dictionary,
  readBody,
  readMessage,
} from '@qmo/sdk/fix';
import { formatNumber, formatRate } from '../lib/format.mjs';
import { packageVersion } from '../lib/packages.mjs';
import { metric } from '../lib/results.mjs';
import { collectGarbage, median, summarize } from '../lib/timing.mjs';

/** Messages per push: the bytes reach both parsers as one buffer holding this many messages, as a socket read would. */
const BLOCK = 100;
const SENDING_TIME = Date.UTC(2026, 10, 24, 13, 45, 1, 550);
const HEADER = { senderCompId: 'BUYSIDE', targetCompId: 'QMO', msgSeqNum: 1021, sendingTime: SENDING_TIME };
const PARTIES = [
  { partyId: 'DESK-FX', partyIdSource: 'D', partyRole: 11 },
  { partyId: 'JSMITH', partyIdSource: 'D', partyRole: 12 },
];

/** The three messages, as QMO's typed bodies; their bytes (QMO-encoded) are what both parsers read. */
const CASES = [
  {
    label: 'NewOrderSingle',
    msgType: 'D',
    body: {
      account: 'ACC-0042',
      clOrdId: 'ORD-20261124-000001',
      currency: 'EUR',
      handlInst: '1',
      orderQty: '250000',
      ordType: '2',
      price: '1.08512',
      side: '1',
      symbol: 'EUR/USD',
      timeInForce: '0',
      transactTime: SENDING_TIME - 1,
      parties: PARTIES,
    },
  },
  {
    label: 'ExecutionReport',
    msgType: '8',
    body: {
      account: 'ACC-0042',
      avgPx: '1.08511',
      clOrdId: 'ORD-20261124-000001',
      cumQty: '100000',
      currency: 'EUR',
      execId: 'EXEC-20261124-000077',
      lastPx: '1.08511',
      lastQty: '100000',
      orderId: 'QMO-0000000042',
      orderQty: '250000',
      ordStatus: '1',
      ordType: '2',
      price: '1.08512',
      side: '1',
      symbol: 'EUR/USD',
      timeInForce: '0',
      transactTime: SENDING_TIME - 2,
      execType: 'F',
      leavesQty: '150000',
      parties: PARTIES,
    },
  },
  {
    label: 'MarketDataIncrementalRefresh (10 entries)',
    msgType: 'X',
    body: {
      mdReqId: 'MD-EURUSD-1',
      entries: Array.from({ length: 10 }, (_, k) => ({
        mdUpdateAction: k % 4 === 3 ? '1' : '0',
        mdEntryType: k % 2 === 0 ? '0' : '1',
        mdEntryId: `E${1000 + k}`,
        symbol: 'EUR/USD',
        mdEntryPx: `1.085${k % 2 === 0 ? 10 - k : 12 + k}`,
        mdEntrySize: String(1_000_000 * (1 + (k >> 1))),
        numberOfOrders: 1 + k,
      })),
    },
  },
];

/**
 * One measured run of `fn` (which handles `count` messages): rate, and what it cost the heap —
 * bytes allocated per message (heap growth over the run plus everything the collections during
 * it freed, from `v8.GCProfiler`; Node 20 has no allocation counter) and collector time per
 * million messages.
 */
function measure(fn, count) {
  collectGarbage();
  const profiler = new v8.GCProfiler();
  const heapBefore = v8.getHeapStatistics().used_heap_size;
  profiler.start();
  const start = process.hrtime.bigint();
  fn();
  const ns = Number(process.hrtime.bigint() - start);
  const profile = profiler.stop();
  const heapAfter = v8.getHeapStatistics().used_heap_size;
  let freed = 0;
  let gcMicros = 0;
  for (const gc of profile.statistics) {
    freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
    gcMicros += gc.cost;
  }
  return {
    rate: count / (ns / 1e9),
    bytesPerMessage: Math.max(0, heapAfter - heapBefore + freed) / count,
    gcMsPerMillion: (gcMicros / 1000 / count) * 1e6,
    collections: profile.statistics.length,
  };
}

/** jspurefix on the same dictionary file, logging nothing. */
async function startJspurefix(dictionaryPath) {
  const jspurefixRequire = createRequire(createRequire(import.meta.url).resolve('jspurefix'));
  jspurefixRequire('reflect-metadata'); // tsyringe's polyfill, a dependency of jspurefix
  const jsp = jspurefixRequire('jspurefix');
  const system = new jsp.SessionContainer();
  system.registerGlobal(new jsp.EmptyLogFactory());
  const container = await system.makeSystem({
    application: {
      type: 'initiator',
      name: 'bench',
      protocol: 'ascii',
      dictionary: dictionaryPath,
      tcp: { host: '127.0.0.1', port: 0 },
    },
    SenderCompId: HEADER.senderCompId,
    TargetCompID: HEADER.targetCompId,
    BeginString: 'FIX.4.4',
    HeartBtInt: 30,
    // BodyLength unpadded (jspurefix pads it to 7 digits by default; 4 is its minimum).
    BodyLengthChars: 4,
  });
  const config = container.resolve(jsp.DITokens.IJsFixConfig);
  const parser = () =>
    new jsp.AsciiParser(
      config,
      null,
      container.resolve(jsp.DITokens.ParseBuffer),
      container.resolve(jsp.DITokens.maxMessageLen),
    );
  const transmitter = container.resolve(jsp.DITokens.MsgTransmitter);
  transmitter.time = new Date(SENDING_TIME);
  return { parser, transmitter };
}

const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const bytes = (b) => (b < 0.5 ? '0' : formatNumber(b));

/**
 * Parse (framing + tokenising + group structure, then to an object) and encode of three FIX 4.4
 * messages: QMO's `@qmo/sdk/fix` codec against jspurefix's, on the same bytes in the same run, the
 * implementations alternating each round; median of N rounds after a warm-up round.
 */
export default {
  name: 'fix-codec',
  title: 'FIX codec: parse and encode, QMO vs jspurefix',
  async run({ progress, options }) {
    const count =
      Number.parseInt(process.env.BENCH_FIX_MESSAGES ?? '', 10) || (options.quick ? 10_000 : 100_000);
    const runs = Number.parseInt(process.env.BENCH_FIX_RUNS ?? '', 10) || (options.quick ? 2 : 5);
    const messages = Math.max(BLOCK, Math.round(count / BLOCK) * BLOCK);
    const blocks = messages / BLOCK;
    const qmoVersion = packageVersion('@qmo/sdk');
    const jspVersion = packageVersion('jspurefix');

    progress('loading the FIX 4.4 dictionary (QMO) and starting jspurefix…');
    const dictionary = loadFix44Dictionary();
    const { fixDataPath } = await import('@qmo/sdk/fix');
    const peer = await startJspurefix(fixDataPath('fix44', 'FIX44.xml'));

    const crossChecks = [];
    const parseRows = [];
    const objectRows = [];
    const encodeRows = [];
    const results = [];
    for (const c of CASES) {
      progress(`${c.label}…`);
      const encoder = new FixEncoder();
      const wire = Buffer.from(encodeMessage(encoder, c.msgType, HEADER, c.body));
      const block = Buffer.concat(Array.from({ length: BLOCK }, () => wire));

      // QMO parsers: the framer hands each message to the parser (and the validator / typed reader).
      const framer = new FixFramer();
      const parser = new FixParser({ dictionary });
      const validator = new FixValidator(dictionary);
      let seen = 0;
      const failed = (e) => {
        throw e;
      };
      const qmoView = {
        message: (b, s, e) => (seen += parser.parse(b, s, e).count > 0 ? 1 : 0),
        error: failed,
      };
      const qmoValidate = {
        message: (b, s, e) => {
          if (validator.validate(parser.parse(b, s, e)) !== null)
            throw new Error('QMO validator refused the sample');
          seen++;
        },
        error: failed,
      };
      const qmoObject = {
        message: (b, s, e) => (seen += readMessage(parser.parse(b, s, e)) ? 1 : 0),
        error: failed,
      };
      const pushAll = (sink) => () => {
        for (let k = 0; k < blocks; k++) framer.push(block, sink);
      };

      // jspurefix parsers: view (tokenise + structure) and object (view.toObject()).
      const jspView = peer.parser();
      jspView.on('msg', () => seen++);
      const jspObject = peer.parser();
      let peerObject = null;
      jspObject.on('msg', (_, view) => {
        peerObject = view.toObject();
        seen++;
      });
      const jspPush = (p) => () => {
        for (let k = 0; k < blocks; k++) p.parseBuffer(block);
      };

      // Encoders, from a prepared body: QMO's typed builder, jspurefix's transmitter with its own object shape.
      jspPush(jspObject)();
      const { StandardHeader, StandardTrailer, ...peerBody } = peerObject;
      const header = { ...HEADER };
      const qmoEncode = () => {
        for (let k = 0; k < messages; k++) {
          header.msgSeqNum = k + 1;
          // A copy the caller owns, as a socket write needs (the encoder's buffer is reused).
          seen += Buffer.from(encodeMessage(encoder, c.msgType, header, c.body)).length > 0 ? 1 : 0;
        }
      };
      const jspEncode = () => {
        for (let k = 0; k < messages; k++) {
          // What its transmitter pushes to the socket: reset, encode, trim into a Buffer with SOH delimiters.
          peer.transmitter.encoder.reset();
          peer.transmitter.encodeMessage(c.msgType, peerBody);
          seen += peer.transmitter.encoder.trim().length > 0 ? 1 : 0;
        }
      };

      // Both sides read each other's bytes: QMO reads jspurefix's encoding to the same body.
      peer.transmitter.encoder.reset();
      peer.transmitter.encodeMessage(c.msgType, peerBody);
      const peerBytes = peer.transmitter.encoder.trim();
      const peerView = new FixParser({ dictionary }).parse(peerBytes, 0, peerBytes.length, true);
      const peerValid = validator.validate(peerView) === null;
      const sameBody =
        JSON.stringify(sortKeys(readBody(peerView, c.msgType))) === JSON.stringify(sortKeys(c.body));

      const impls = {
        'qmo.view': pushAll(qmoView),
        'qmo.validate': pushAll(qmoValidate),
        'jsp.view': jspPush(jspView),
        'qmo.object': pushAll(qmoObject),
        'jsp.object': jspPush(jspObject),
        'qmo.encode': qmoEncode,
        'jsp.encode': jspEncode,
      };
      const samples = Object.fromEntries(Object.keys(impls).map((k) => [k, []]));
      for (let round = 0; round <= runs; round++) {
        for (const [key, fn] of Object.entries(impls)) {
          seen = 0;
          const m = measure(fn, messages);
          if (seen !== messages) throw new Error(`${key} handled ${seen} of ${messages} messages`);
          if (round > 0) samples[key].push(m);
        }
      }
      const med = (key, field) => median(samples[key].map((s) => s[field]));
      const row = (qmo, jsp) => [
        c.label,
        formatRate(med(qmo, 'rate')),
        formatRate(med(jsp, 'rate')),
        ratio(med(qmo, 'rate'), med(jsp, 'rate')),
        bytes(med(qmo, 'bytesPerMessage')),
        bytes(med(jsp, 'bytesPerMessage')),
        formatNumber(med(qmo, 'gcMsPerMillion')),
        formatNumber(med(jsp, 'gcMsPerMillion')),
      ];
      parseRows.push([...row('qmo.view', 'jsp.view'), formatRate(med('qmo.validate', 'rate'))]);
      objectRows.push(row('qmo.object', 'jsp.object'));
      encodeRows.push([...row('qmo.encode', 'jsp.encode'), `${wire.length} / ${peerBytes.length}`]);

      const peerName = (what) => `jspurefix ${jspVersion} ${what}`;
      const entry = (name, qmo, jsp, impl, peerImpl, extra = {}) =>
        metric('fix-codec', `${name}.${c.label}`, 'messages/s', med(qmo, 'rate'), {
          impl: `@qmo/sdk ${qmoVersion} ${impl}`,
          stats: summarize(samples[qmo].map((s) => s.rate)),
          bytesPerMessage: med(qmo, 'bytesPerMessage'),
          gcMsPerMillion: med(qmo, 'gcMsPerMillion'),
          messageBytes: wire.length,
          peers: [
            {
              name: peerName(peerImpl),
              value: med(jsp, 'rate'),
              stats: summarize(samples[jsp].map((s) => s.rate)),
              bytesPerMessage: med(jsp, 'bytesPerMessage'),
              gcMsPerMillion: med(jsp, 'gcMsPerMillion'),
            },
          ],
          ...extra,
        });
      results.push(
        entry('parse.view', 'qmo.view', 'jsp.view', 'FixFramer → FixParser.parse', 'AsciiParser → MsgView', {
          validateRate: med('qmo.validate', 'rate'),
        }),
        entry(
          'parse.object',
          'qmo.object',
          'jsp.object',
          'parse → readMessage()',
          'AsciiParser → MsgView.toObject()',
        ),
        entry(
          'encode',
          'qmo.encode',
          'jsp.encode',
          'encodeMessage() (typed builder)',
          'AsciiMsgTransmitter.encodeMessage()',
          {
            peerBytes: peerBytes.length,
            peerOutputValidForQmo: peerValid,
            peerOutputSameBody: sameBody,
          },
        ),
      );
      crossChecks.push(
        `${c.label}: ${peerValid ? 'valid' : 'INVALID'}, ${sameBody ? 'same body' : 'body differs'}`,
      );
    }

    const columns = (what) => [
      'Message',
      `QMO ${qmoVersion}`,
      `jspurefix ${jspVersion}`,
      'QMO ÷ peer',
      'QMO B/msg',
      'peer B/msg',
      'QMO GC ms/1M',
      'peer GC ms/1M',
      ...what,
    ];
    const common = [
      `${messages.toLocaleString('en-US')} messages per round, fed as buffers of ${BLOCK} (as a socket read would); median of ${runs} rounds after a warm-up round, implementations alternating; QMO ÷ peer above 1 means QMO is faster.`,
      'B/msg: bytes allocated on the V8 heap per message (heap growth plus what collections freed during the round, from v8.GCProfiler); GC ms/1M: collector time per million messages. Buffers outside the V8 heap are not counted.',
    ];
    return {
      results,
      tables: [
        {
          title: 'FIX parse to a view (framing, BodyLength/CheckSum, fields, repeating groups)',
          columns: columns(['QMO + validate']),
          rows: parseRows,
          notes: [
            ...common,
            'Same bytes for both: the message encoded by QMO, parsed with the same QuickFIX FIX44.xml dictionary. QMO: FixFramer + FixParser (a reusable flat view, values decoded lazily); jspurefix: AsciiParser emitting a MsgView.',
            'QMO + validate: the same plus FixValidator (required fields, enums, formats, order, group counts) — jspurefix has no counterpart.',
          ],
        },
        {
          title: 'FIX parse to an object',
          columns: columns([]),
          rows: objectRows,
          notes: [
            ...common,
            'QMO: readMessage() (typed header + body); jspurefix: MsgView.toObject() (its whole object graph).',
          ],
        },
        {
          title: 'FIX encode (header, body, BodyLength, CheckSum)',
          columns: columns(['bytes QMO / peer']),
          rows: encodeRows,
          notes: [
            ...common,
            'From a prepared body to the finished message in a Buffer of its own (what a socket write takes). QMO: encodeMessage() (typed builder, SendingTime as epoch ms) copied out of the reused encoder buffer; jspurefix: AsciiMsgTransmitter.encodeMessage() with the object its own parser produced for the same message, then encoder.trim() as its transmitter stream does before pushing to the socket (the text copy it also makes for its “encoded” event is left out).',
            'Each side reads the other: jspurefix parses QMO’s bytes in the parse rounds; QMO validates jspurefix’s output and reads its body back.',
            `jspurefix’s output read by QMO — ${crossChecks.join('; ')}. jspurefix holds prices as binary floats, so a price sent as 1.08510 comes back as 1.0851 (the market-data sample has such prices).`,
          ],
        },
      ],
    };
  },
};

/** JSON with keys sorted, for comparing bodies regardless of field order. */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys(value[k])]),
    );
  return value;
}
