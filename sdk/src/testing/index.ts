export { FakeClock } from './fake-clock.js';
export { MemoryPluginStorage } from './memory-storage.js';
export { RecordingSink } from './recording-sink.js';
export { type LogEntry, startTestPlugin, type TestHost, type TestHostOptions } from './test-host.js';
