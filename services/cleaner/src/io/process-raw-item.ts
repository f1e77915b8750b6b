import type { RawItem, CleanItem } from '@faultline/shared/schemas';
import { failuresRetriable, PermanentError } from '@faultline/shared/errors';
import { envelopeMessage, type OutMessage } from '@faultline/shared/kafka';
import { hashId } from '@faultline/shared/ids';
import { cleanItem } from '../core/clean-item.ts';
import type { StoryStore } from './story-store.ts';
import type { ArticleFetcher } from './fetch-article.ts';

// The cleaner's handler: fetch the page when the feed asks for full text, run the pure core,
// place the item in its story (Redis), and emit the CleanItem keyed by story id, so every copy
// and update of a story lands on one partition, in order, for the per-story analysis and alerts.

export interface ProcessDeps {
  stories: StoryStore;
  fetchArticle?: ArticleFetcher;
  outputTopic: string;
  now?: () => Date;
}

export async function processRawItem(raw: RawItem, deps: ProcessDeps): Promise<OutMessage[]> {
  const page =
    raw.fullText && raw.link && deps.fetchArticle ? await deps.fetchArticle(raw.link) : null;
  const result = cleanItem(raw, page ? { page } : {});
  if (!result.ok) throw new PermanentError(`item ${raw.itemId}: ${result.detail}`, result.reason);
  const core = result.value;
  const url = raw.link;
  // The store is Redis: a failure there says nothing about the item, so it is retriable (the
  // runner backs off and retries the same message instead of dead-lettering it).
  const stories = failuresRetriable('story store', deps.stories);
  const story = await stories.assignStory({
    itemId: raw.itemId,
    signature: core.signature,
    source: {
      feedId: raw.feedId,
      itemId: raw.itemId,
      ...(url ? { url, domain: domainOf(url) } : {}),
    },
  });
  const item: CleanItem = {
    itemId: raw.itemId,
    feedId: raw.feedId,
    revision: raw.revision,
    title: core.title,
    paragraphs: core.paragraphs,
    text: core.text,
    publishedAt: core.publishedAt,
    language: core.language,
    contentHash: core.contentHash,
    storyId: story.storyId,
    firstInStory: story.firstInStory,
    sources: story.sources,
    tags: raw.tags,
    fetchedAt: raw.fetchedAt,
    cleanedAt: (deps.now?.() ?? new Date()).toISOString(),
    ...(url ? { url } : {}),
    ...(core.lead ? { lead: core.lead } : {}),
    ...(core.author ? { author: core.author } : {}),
  };
  const id = `c_${hashId(raw.itemId, String(raw.revision))}`;
  return [envelopeMessage(deps.outputTopic, story.storyId, id, item)];
}

function domainOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}
