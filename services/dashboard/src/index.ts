// The dashboard's public face: what other code (the CLI) may use. Everything else under src/ is
// private to the dashboard.
export { DashboardConfig, DashboardSection, authRequired } from './config.ts';
export { readStatus, formatSummary } from './status.ts';
export {
  checkCredentials,
  readCookie,
  safeEqual,
  type Credentials,
} from './core/check-credentials.ts';
export { parsePromText, sumSamples, type Sample } from './core/parse-prom.ts';
