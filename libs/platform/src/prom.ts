// Apps take their metric types from here, so prom-client stays a dependency of this library only.
export { Counter, Gauge, Histogram, Registry } from 'prom-client';
