// The alerter's public face: what other code (the CLI, benches, the dashboard) may use. Everything
// else under src/ is private to the alerter. Test support lives behind '@faultline/alerter/testing'.

// Config
export {
  AlerterConfig,
  AlerterSection,
  Destination,
  applyDeploymentNames,
  destinationPolicy,
} from './config.ts';

// Pure core: rules, matching, alerts, mutes, backtests
export {
  parseDuration,
  parseRulesYaml,
  validateRules,
  unknownChannels,
  RuleSpec,
  TrendWindow,
  type Rule,
  type RuleMatchSpec,
  type TrendSpec,
  type ParseRulesResult,
} from './core/rules-schema.ts';
export { matchRules, matchRule, type RuleMatch, type MatchContext } from './core/match-rules.ts';
export { buildAlert, evidenceOf, type AlertDecision } from './core/build-alert.ts';
export { createBacktest, type BacktestReport, type RuleReport } from './core/backtest.ts';
export {
  eventProbeOf,
  placeStory,
  type EventProbe,
  type GroupingOptions,
  type Placement,
} from './core/event-group.ts';
export { findMute } from './core/mutes.ts';

// Adapters other code runs: the rules file, delivery jobs and workers, the whole service
export { loadRulesFile, watchRulesFile, RulesError } from './io/rules-file.ts';
export { createEnqueuer, deliveryJobId, DeliveryJob, type Enqueuer } from './io/jobs.ts';
export { startDeliveryWorkers, type DeliveryWorkers } from './io/delivery-workers.ts';
export { startAlerter, type Alerter } from './io/start-alerter.ts';
