// The dashboard's view model: what the collectors gather, what the page and `faultline status`
// show. Plain data, JSON-serialisable, no I/O.

export const STAGES = ['poller', 'cleaner', 'analyzer', 'alerter'] as const;
export type Stage = (typeof STAGES)[number];

export interface ServiceProbe {
  name: string;
  up: boolean;
  /** /readyz answered 200 (null when the service is down). */
  ready: boolean | null;
  error?: string;
}

/** Items the analyzer read in one language, and how (english, native, not-analysed). */
export interface LanguageCount {
  language: string;
  mode: string;
  count: number;
}

/** Cumulative counters read from one stage's /metrics. */
export interface StageCounters {
  stage: string;
  in: number;
  out: number;
  failed: number;
  /** The analyzer only: items by language and mode since it started. */
  languages?: LanguageCount[];
}

export interface StageRate {
  stage: string;
  inPerS: number;
  outPerS: number;
  failedPerS: number;
}

export interface LagRow {
  group: string;
  topic: string;
  partition: number;
  lag: number;
}

export interface DlqRow {
  name: string;
  kind: 'topic' | 'queue';
  count: number;
}

export interface FeedRow {
  id: string;
  name: string;
  url: string;
  status: string;
  paused: boolean;
  lastFetchAt: string | null;
  itemsPerDay: number | null;
  consecutiveFailures: number;
  lastError: string | null;
}

export interface DeliveryStatus {
  destination: string;
  outcome: string;
  attempt: number | null;
  at: string;
  error: string | null;
}

export interface AlertRow {
  alertKey: string;
  at: string;
  ruleId: string;
  title: string;
  severity: string;
  isUpdate: boolean;
  topics: string[];
  actors: string[];
  evidence: string | null;
  /** A non-English item's language and English gist. */
  language?: string;
  gist?: string;
  deliveries: DeliveryStatus[];
}

export interface TensionPoint {
  t: string;
  v: number;
}

export interface DyadSeries {
  source: string;
  target: string;
  points: TensionPoint[];
}

export interface EntityCount {
  id: string;
  name: string;
  count: number;
}

export interface TensionView {
  dyads: DyadSeries[];
  entities: EntityCount[];
  /** Why the section is empty, in plain words (e.g. "analyzer trend store not available"). */
  note: string | null;
}

export interface PipelineView {
  stages: StageRate[];
  lag: LagRow[];
  dlq: DlqRow[];
  /** Items by language and mode, summed over analyzer replicas (largest first). */
  languages?: LanguageCount[];
}

export interface HistoryPoint {
  t: string;
  /** items/s per stage (stage -> inPerS, or outPerS for the poller). */
  rates: Record<string, number>;
  lag: number;
}

export type Health = 'ok' | 'degraded' | 'down';

export interface Summary {
  at: string;
  health: Health;
  problems: string[];
  itemsPerSecond: number;
  lag: number;
  dlq: number;
  alerts24h: number;
  feeds: { total: number; failing: number; paused: number };
}

/** One gathering round: whatever a source could not read is reported in `errors`. */
export interface Observation {
  at: Date;
  services: ServiceProbe[];
  counters: StageCounters[];
  lag: LagRow[] | null;
  dlq: DlqRow[] | null;
  feeds: FeedRow[] | null;
  alerts: AlertRow[] | null;
  alerts24h: number | null;
  tension: TensionView | null;
  /** source name -> reason it could not be read (kafka, redis, feeds, alerts, tension). */
  errors: Record<string, string>;
}

export interface Snapshot {
  summary: Summary;
  services: ServiceProbe[];
  pipeline: PipelineView;
  history: HistoryPoint[];
  feeds: FeedRow[];
  alerts: AlertRow[];
  tension: TensionView;
}
