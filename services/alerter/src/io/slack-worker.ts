import type { Job } from 'bullmq';
import type { z } from 'zod';
import { buildSlackDigest, buildSlackMessage } from '../core/slack-blocks.ts';
import type { SlackJob } from './jobs.ts';
import { alertEntry, destinationOf, postOutcome, sendOnce, settle } from './delivery-common.ts';
import { createFolding, type FoldingDeps } from './digest-fold.ts';
import { buildSlackBrief } from '../core/brief-message.ts';
import { runBrief, type BriefDeps } from './brief-worker.ts';

// Slack incoming webhooks: at most `maxPerSecond` messages per webhook (shared across replicas
// through Redis). An alert that finds the budget spent is folded into the destination's digest
// (digest-fold.ts). 429 Retry-After blocks the webhook and delays the job by exactly that long,
// without spending an attempt.

export type SlackDeps = FoldingDeps & BriefDeps;

export function createSlackProcessor(deps: SlackDeps) {
  const folding = createFolding(deps, { list: deps.keys.overflow, flag: deps.keys.flushFlag });
  const send = (name: string, message: unknown) => {
    const dest = destinationOf(deps, name, 'slack');
    return postOutcome(deps.guard, dest.url, JSON.stringify(message), {}, dest.timeoutMs);
  };

  return async (data: z.infer<typeof SlackJob>, job: Job, token?: string) => {
    const name = data.destination;
    const dest = destinationOf(deps, name, 'slack');
    // One run of a job at a time (folding counts: a second fold would repeat the alert).
    return sendOnce(deps, job, token, dest.timeoutMs, async () => {
      if ('digest' in data)
        return folding.flush(name, dest.maxPerSecond, job, token, (alerts) =>
          send(name, buildSlackDigest(alerts)),
        );
      if ('brief' in data)
        return runBrief(deps, data, job, token, {
          maxPerSecond: dest.maxPerSecond,
          overflowKey: folding.overflowKey(name),
          send: (brief) => send(name, buildSlackBrief(brief)),
          flushRest: () => folding.flushRest(name, dest.maxPerSecond),
        });
      if (await folding.foldOrTakeSlot(job, token, data, dest.maxPerSecond))
        return { folded: true };
      const sent = await send(name, buildSlackMessage(data.alert));
      await settle(deps, job, token, sent.outcome, alertEntry(data.alert, name), sent);
      return { status: sent.status };
    });
  };
}
