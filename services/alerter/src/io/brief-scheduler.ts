import type { Queue } from 'bullmq';
import type { Logger } from '@faultline/shared/log';
import { describeError } from '@faultline/shared/errors';
import { briefPattern, briefSchedulerId, type BriefSpec } from '../briefs-config.ts';
import type { Destination } from '../config.ts';
import { jobOptions, type DeliveryPolicy } from './jobs.ts';
import type { BriefJob } from './brief-worker.ts';

// One BullMQ job scheduler per brief, upserted by every alerter replica at start under the same
// fixed id (`brief-<name>`): the scheduler, not the replica, makes each period's job, with the id
// `repeat:brief-<name>:<scheduled ms>`, so N replicas give one brief per period. Schedulers of
// briefs no longer configured (or moved to a channel on the other queue) are removed.

const PREFIX = 'brief-';

export interface BriefQueues {
  slack: Queue;
  notify: Queue;
}

export async function scheduleBriefs(options: {
  queues: BriefQueues;
  briefs: Record<string, BriefSpec>;
  destinations: Record<string, Destination>;
  policy: DeliveryPolicy;
  log: Logger;
  /** The cron pattern of a brief (tests run one every few seconds); default from its spec. */
  patternOf?: (name: string, spec: BriefSpec) => string;
}): Promise<void> {
  const { queues, briefs, destinations } = options;
  const wanted = { slack: new Set<string>(), notify: new Set<string>() };
  for (const [name, spec] of Object.entries(briefs)) {
    const type = destinations[spec.channel]?.type;
    const which = type === 'slack' ? 'slack' : 'notify';
    const id = briefSchedulerId(name);
    wanted[which].add(id);
    const { jobId: _fixedByScheduler, ...opts } = jobOptions(options.policy, id);
    const data: BriefJob = { destination: spec.channel, brief: name };
    await queues[which].upsertJobScheduler(
      id,
      { pattern: options.patternOf?.(name, spec) ?? briefPattern(spec), tz: spec.timezone },
      { name: 'brief', data, opts },
    );
  }
  for (const which of ['slack', 'notify'] as const) {
    const existing = await queues[which].getJobSchedulers(0, -1);
    for (const s of existing) {
      const id = s.key;
      if (id.startsWith(PREFIX) && !wanted[which].has(id)) {
        await queues[which].removeJobScheduler(id);
        options.log.info({ scheduler: id }, 'brief no longer configured: schedule removed');
      }
    }
  }
  if (Object.keys(briefs).length)
    options.log.info(
      {
        briefs: Object.entries(briefs).map(
          ([n, b]) => `${n}: ${b.every} at ${b.at} ${b.timezone} -> ${b.channel}`,
        ),
      },
      'briefs scheduled',
    );
}

/** Schedules the briefs, trying again every `retryMs` while Redis does not answer. */
export function keepBriefsScheduled(
  run: () => Promise<void>,
  log: Logger,
  retryMs = 10_000,
): { done: Promise<void>; stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<void>((resolve) => {
    const attempt = () => {
      if (stopped) return resolve();
      run().then(resolve, (err: unknown) => {
        log.warn({ err: describeError(err) }, 'briefs not scheduled yet, trying again');
        timer = setTimeout(attempt, retryMs);
      });
    };
    attempt();
  });
  return {
    done,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
