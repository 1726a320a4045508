/**
 * Worker thread holding N socket.io clients (websocket transport), each subscribed to every
 * instrument given. Runs on its own thread so decoding on the client side does not share the
 * host's event loop. Reports through a SharedArrayBuffer, read by the host thread at any moment:
 *   counters[c * 3 + 0]  messages counted for the run (mode "bus": quotes with source "bench"; "feed": every event)
 *   counters[c * 3 + 1]  quotes received (any source)
 *   counters[c * 3 + 2]  every event received
 *   control[0]           1 while latency is being recorded
 * Latency = (performance.timeOrigin + performance.now()) − quote.ts, in µs, into one HDR histogram
 * for all clients; performance.timeOrigin is the process's, shared by the worker and the host thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { build } from 'hdr-histogram-js';
import { io } from 'socket.io-client';

const { url, clients, instruments, mode, counterBuffer, controlBuffer } = workerData;
const counters = new Int32Array(counterBuffer);
const control = new Int32Array(controlBuffer);
const histogram = build({
  lowestDiscernibleValue: 1,
  highestTrackableValue: 60_000_000,
  numberOfSignificantValueDigits: 3,
});
const epochMs = () => performance.timeOrigin + performance.now();

const sockets = [];
for (let c = 0; c < clients; c++) {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  const base = c * 3;
  socket.onAny((event, payload) => {
    Atomics.add(counters, base + 2, 1);
    if (mode === 'feed') Atomics.add(counters, base, 1);
    if (event !== 'quote') return;
    Atomics.add(counters, base + 1, 1);
    const bench = payload.source === 'bench';
    if (mode === 'bus' && bench) Atomics.add(counters, base, 1);
    if (control[0] === 1 && (mode === 'feed' ? !bench : bench)) {
      histogram.recordValue(Math.max(1, Math.round((epochMs() - payload.ts) * 1000)));
    }
  });
  sockets.push(socket);
}

async function subscribeAll() {
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise((resolve, reject) => {
          if (socket.connected) resolve();
          socket.once('connect', resolve);
          socket.once('connect_error', reject);
        }),
    ),
  );
  for (const socket of sockets) {
    for (const instrument of instruments) {
      const answer = await socket.timeout(10_000).emitWithAck('subscribe', { instrument });
      if (!answer?.ok) throw new Error(`subscribe ${instrument}: ${JSON.stringify(answer)}`);
    }
  }
}

parentPort.on('message', (message) => {
  if (message.type === 'histogram') {
    const s = histogram.summary;
    parentPort.postMessage({ type: 'histogram', summary: { ...s, mean: histogram.mean } });
    histogram.reset();
  } else if (message.type === 'close') {
    for (const socket of sockets) socket.disconnect();
    parentPort.postMessage({ type: 'closed' });
    setTimeout(() => process.exit(0), 50);
  }
});

subscribeAll().then(
  () => parentPort.postMessage({ type: 'ready' }),
  (error) => parentPort.postMessage({ type: 'error', message: String(error?.stack ?? error) }),
);
