import { BaseConfig, loadConfig } from '@faultline/shared/config';
import { runService, stopOnSignals } from '@faultline/shared/service';

// Stub: starts, logs, serves /metrics, /healthz and /readyz, and shuts down cleanly.
const config = loadConfig(BaseConfig);
const service = await runService({
  name: 'cleaner',
  host: config.host,
  port: config.ports.cleaner,
  logLevel: config.log.level,
  start: async () => {},
});
stopOnSignals(service);
