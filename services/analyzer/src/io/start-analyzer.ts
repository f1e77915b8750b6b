import type { Kafka, Producer } from 'kafkajs';
import { CleanItemMessage, AnalyzedItemV1, type AnalyzedItem } from '@faultline/shared/schemas';
import {
  runConsumer,
  envelopeMessage,
  type ConsumerRunner,
  type OutMessage,
} from '@faultline/shared/kafka';
import { failuresRetriable, PermanentError } from '@faultline/shared/errors';
import type { Logger } from '@faultline/shared/log';
import { Counter, type StageMetrics } from '@faultline/shared/metrics';
import { formatIssues } from '@faultline/shared/schemas';
import { analyze } from '../core/analyze.ts';
import { dyadKey } from '../core/tension/trend.ts';
import type { ModelHolder } from './models.ts';
import type { TrendStore } from './trend-store.ts';

// The analyzer stage: news.clean -> analyze (entities, tension) -> news.analyzed, plus the dyad
// trend update, whose spikes go to tension.events. Bad input or output goes to the DLQ; a Redis
// failure is retried in place.

export interface AnalyzerTopics {
  clean: string;
  analyzed: string;
  tensionEvents: string;
}

export interface StartAnalyzerOptions {
  kafka: Kafka;
  producer: Producer;
  models: ModelHolder;
  trend: TrendStore;
  topics: AnalyzerTopics;
  groupId: string;
  log: Logger;
  metrics?: StageMetrics;
  concurrency?: number;
  fromBeginning?: boolean;
}

/** What `analyze` adds to a CleanItem. */
const AnalysisFields = AnalyzedItemV1.pick({
  mentions: true,
  entities: true,
  tension: true,
  analyzedAt: true,
  analysis: true,
  gist: true,
});

/**
 * Items by language and how they were read (english, native, not-analysed): an unsupported
 * language shows here instead of vanishing.
 */
function languageCounter(metrics: StageMetrics | undefined): Counter<'language' | 'mode'> | null {
  if (!metrics) return null;
  const name = 'faultline_analyzer_items_by_language_total';
  const existing = metrics.registry.getSingleMetric(name);
  if (existing) return existing as Counter<'language' | 'mode'>;
  return new Counter({
    name,
    help: 'Items the analyzer read, by language and mode (english, native, not-analysed)',
    labelNames: ['language', 'mode'],
    registers: [metrics.registry],
  });
}

export function startAnalyzer(options: StartAnalyzerOptions): Promise<ConsumerRunner> {
  const { topics, models } = options;
  // A trend store failure (Redis) says nothing about the item: retried, never dead-lettered.
  const trend = failuresRetriable('trend store', options.trend);
  const byLanguage = languageCounter(options.metrics);
  return runConsumer({
    kafka: options.kafka,
    producer: options.producer,
    groupId: options.groupId,
    topic: topics.clean,
    schema: CleanItemMessage,
    log: options.log,
    stage: 'analyzer',
    concurrency: options.concurrency ?? 64,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.fromBeginning !== undefined ? { fromBeginning: options.fromBeginning } : {}),
    handle: async (clean) => {
      const { kb, tension } = models.current();
      let analyzed;
      try {
        analyzed = analyze(clean, kb, tension);
      } catch (err) {
        throw new PermanentError(`analysis failed: ${(err as Error).message}`, 'analysis-failed', {
          cause: err,
        });
      }
      // The CleanItem fields were validated on the way in and are copied as they are: only what
      // the analysis added is checked against the schema (half the cost of the whole item).
      const checked = AnalysisFields.safeParse(analyzed);
      if (!checked.success) throw new PermanentError(formatIssues(checked.error), 'invalid-output');
      const item: AnalyzedItem = { ...clean, ...checked.data };
      byLanguage?.inc({
        language: item.analysis?.language ?? clean.language.code,
        mode: item.analysis?.mode ?? 'english',
      });
      const out: OutMessage[] = [
        envelopeMessage(topics.analyzed, clean.storyId, `${clean.itemId}@${clean.revision}`, item),
      ];
      for (const e of await trend.record(item)) {
        const key = dyadKey(e.dyad.source, e.dyad.target);
        out.push(envelopeMessage(topics.tensionEvents, key, `${key}@${e.at}`, e));
      }
      return out;
    },
  });
}
