import { describe, expect, it } from 'vitest';
import { RetriableError } from '@faultline/shared/errors';
import type { RawItem } from '@faultline/shared/schemas';
import { processRawItem } from './process-raw-item.ts';
import type { StoryStore } from './story-store.ts';

// A story store (Redis) that fails says nothing about the item: retried, never dead-lettered.

const raw: RawItem = {
  itemId: 'i1',
  feedId: 'f1',
  feedUrl: 'https://f1.example/feed',
  revision: 0,
  link: 'https://f1.example/story/i1',
  title: 'Ministers meet as border tensions rise',
  content:
    'Foreign ministers from both countries met in Geneva on Tuesday, the first direct talks since troops massed along the disputed border last month. The meeting lasted more than four hours and ended without a joint statement.',
  contentType: 'text',
  categories: [],
  publishedAt: '2024-03-05T09:30:00.000Z',
  dateMissing: false,
  fetchedAt: '2024-03-05T09:31:00.000Z',
  tags: [],
};

describe('processRawItem', () => {
  it('makes a story store failure retriable', async () => {
    const stories = {
      assignStory: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')),
    } as unknown as StoryStore;
    const run = processRawItem(raw, { stories, outputTopic: 'out' });
    await expect(run).rejects.toBeInstanceOf(RetriableError);
    await expect(run).rejects.toThrow(/story store unavailable: .*ECONNREFUSED/);
  });
});
