import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/** The host's Prometheus metrics, on a registry of its own (several hosts may share a process in tests). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'qmo_' });
  return {
    registry,
    marketDataMessages: new Counter({
      name: 'qmo_marketdata_messages_total',
      help: 'Market-data messages passed on from active sources',
      labelNames: ['type', 'source'] as const,
      registers: [registry],
    }),
    sourceSwitches: new Counter({
      name: 'qmo_marketdata_source_switches_total',
      help: 'Changes of the active source of an instrument',
      labelNames: ['instrument', 'reason'] as const,
      registers: [registry],
    }),
    plugins: new Gauge({
      name: 'qmo_plugins',
      help: 'Plugins by state',
      labelNames: ['state'] as const,
      registers: [registry],
    }),
    streamClients: new Gauge({
      name: 'qmo_stream_clients',
      help: 'Connected socket.io clients',
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: 'qmo_http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
