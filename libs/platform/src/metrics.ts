import { collectDefaultMetrics, Registry } from 'prom-client';

/** A Prometheus registry of one app, with process metrics and the app's name as a label. */
export function createMetricsRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}
