import { z } from 'zod';
import { BaseConfig } from '@faultline/shared/config';

// The analyzer's config section.
export const AnalyzerSection = z.object({
  /**
   * Messages of one partition analysed at the same time: their trend-store calls share round
   * trips to Redis (items of one story, the message key, still go one after another).
   */
  concurrency: z.number().int().positive().default(64),
  /** Folder of the tension model (lexicon.json, classifier.json); default: the committed one. */
  tensionModelDir: z.string().optional(),
  /** Folder of the entity knowledge base; set it to make the KB reloadable from disk. */
  kbDir: z.string().optional(),
  /** Reload the models when their files change (SIGHUP always reloads). */
  watchModels: z.boolean().default(true),
  /**
   * V8's old-generation growing factor, as 1 + percent/100 of the heap live after a full GC (0:
   * V8's own, which lets it grow to about 3x). Most of what the analyzer promotes is garbage
   * (items held across Kafka and Redis round trips), so a small factor trades a full GC every
   * few tens of seconds for a heap near its live size. Not a cap: nothing runs out of memory.
   */
  heapGrowingPercent: z.number().int().min(0).max(300).default(30),
  spike: z
    .object({
      zThreshold: z.number().positive().default(3),
      minValue: z.number().nonnegative().default(1.5),
      minStd: z.number().positive().default(0.25),
    })
    .default({ zThreshold: 3, minValue: 1.5, minStd: 0.25 }),
});

export const AnalyzerConfig = BaseConfig.extend({
  analyzer: AnalyzerSection.default(AnalyzerSection.parse({})),
});
export type AnalyzerConfig = z.infer<typeof AnalyzerConfig>;
