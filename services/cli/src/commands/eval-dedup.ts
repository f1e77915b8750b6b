import { parseArgs } from 'node:util';
import type { ParseArgsOptions } from '../cli-help.ts';
import { randomBytes } from 'node:crypto';
import { sharedDataPath } from '@faultline/shared/paths';
import { BaseConfig, loadConfig } from '@faultline/shared/config';
import { createRedis } from '@faultline/shared/queue';
import { cleanItem, createStoryStore, DEFAULT_STORY_BANDS, LSH_BANDS } from '@faultline/cleaner';
import { loadAeb, buildDedupSet, scoreGrouping, round } from '@faultline/cleaner/eval';

export const summary =
  'story grouping precision/recall on near-duplicates built from real articles (Redis, same code as the service)';

/** Its options (also what `--help` lists). */
export const options = {
  aeb: { type: 'string' },
  bands: { type: 'string', default: String(DEFAULT_STORY_BANDS) },
} satisfies ParseArgsOptions;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options,
  });
  const bands = Number(values.bands);
  if (!Number.isInteger(bands) || bands < 1 || bands > LSH_BANDS) {
    console.error(`eval dedup: --bands must be an integer from 1 to ${LSH_BANDS}`);
    return 2;
  }
  const dir = values.aeb ?? sharedDataPath('article-extraction-benchmark');
  if (!dir) {
    console.error('eval dedup: ../shared/data/article-extraction-benchmark is absent, skipping');
    return 0;
  }
  const articles = loadAeb(dir).map((p) => ({ id: p.id, text: p.truth }));
  const cases = buildDedupSet(articles);
  const config = loadConfig(BaseConfig);
  const redis = createRedis(config.redis.url, { name: 'faultline-eval-dedup' });
  const prefix = `faultline-eval-dedup-${randomBytes(4).toString('hex')}:`;
  try {
    const stories = createStoryStore(redis, { prefix, windowSeconds: 3600, bands });
    const predicted: string[] = [];
    const exactBaseline: string[] = [];
    const started = performance.now();
    for (const c of cases) {
      const result = cleanItem(c.raw);
      if (!result.ok) {
        predicted.push(`failed-${c.raw.itemId}`);
        exactBaseline.push(`failed-${c.raw.itemId}`);
        continue;
      }
      const { storyId } = await stories.assignStory({
        itemId: c.raw.itemId,
        signature: result.value.signature,
        source: { feedId: c.raw.feedId, itemId: c.raw.itemId },
      });
      predicted.push(storyId);
      exactBaseline.push(result.value.contentHash);
    }
    const msPerItem = (performance.now() - started) / cases.length;
    const truth = cases.map((c) => c.story);
    const score = scoreGrouping(truth, predicted);
    const exact = scoreGrouping(truth, exactBaseline);
    const perVariant: Record<string, number> = {};
    for (const variant of new Set(cases.map((c) => c.variant))) {
      if (variant === 'original') continue;
      const pairs = cases.map((c, i) => ({ c, i })).filter(({ c }) => c.variant === variant);
      const joined = pairs.filter(
        ({ c, i }) =>
          predicted[i] ===
          predicted[cases.findIndex((o) => o.story === c.story && o.variant === 'original')],
      );
      perVariant[variant] = round(joined.length / Math.max(1, pairs.length));
    }
    console.log(
      JSON.stringify(
        {
          n: cases.length,
          stories: new Set(truth).size,
          bands,
          faultline: {
            precision: round(score.precision),
            recall: round(score.recall),
            f1: round(score.f1),
            msPerItem: round(msPerItem, 3),
          },
          exactHashOnly: {
            precision: round(exact.precision),
            recall: round(exact.recall),
            f1: round(exact.f1),
          },
          joinedOriginalByVariant: perVariant,
        },
        null,
        2,
      ),
    );
    return 0;
  } finally {
    const keys = await redis.keys(`${prefix}*`);
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
    await redis.quit();
  }
}
