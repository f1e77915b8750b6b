import { describe, it, expect } from 'vitest';
import { buildBrief, briefIsEmpty, type BriefAlert, type BriefInput } from './brief.ts';
import { briefNotice, buildSlackBrief } from './brief-message.ts';
import { buildDiscordMessage } from './discord-message.ts';
import { buildEmail } from './email-message.ts';
import { testAlert } from '../fixtures/alerts.ts';
import { AlerterSection } from '../config.ts';
import { briefPattern } from '../briefs-config.ts';

const TO = new Date('2026-12-07T07:00:00Z');
const FROM = new Date('2026-12-06T07:00:00Z');
const hour = (iso: string) => Math.floor(Date.parse(iso) / 3_600_000);

const alert = (over: Partial<BriefAlert>): BriefAlert => ({
  ruleId: 'military-escalation',
  storyId: 's1',
  title: 'Troops mass at the border',
  severity: 'high',
  isUpdate: false,
  at: '2026-12-06T12:00:00.000Z',
  score: 0.9,
  actors: ['RUS', 'UKR'],
  topics: ['military-buildup'],
  ...over,
});

function input(over: Partial<BriefInput> = {}): BriefInput {
  return {
    name: 'morning',
    every: 'daily',
    from: FROM,
    to: TO,
    rules: ['military-escalation', 'coup'],
    alerts: [
      alert({}),
      alert({ isUpdate: true, at: '2026-12-06T18:00:00.000Z', title: 'Troops cross the border' }),
      alert({ storyId: 's2', ruleId: 'coup', severity: 'critical', score: 0.7, actors: ['NER'] }),
      alert({ storyId: 's3', severity: 'medium', score: 0.95, actors: ['CHN', 'TWN'] }),
      // Outside the period (at its end): not counted.
      alert({ storyId: 's4', at: '2026-12-07T07:00:00.000Z', actors: ['ARM'] }),
    ],
    earlier: [alert({ storyId: 's0', at: '2026-12-03T10:00:00.000Z', actors: ['RUS', 'CHN'] })],
    series: new Map([
      // RUS|UKR: 3 the day before, 10 in the period -> +7
      [
        'RUS|UKR',
        new Map([
          [hour('2026-12-05T10:00:00Z'), 3],
          [hour('2026-12-06T10:00:00Z'), 4],
          [hour('2026-12-07T06:00:00Z'), 6],
        ]),
      ],
      // CHN|TWN: 9 before, 1 in the period -> -8
      [
        'CHN|TWN',
        new Map([
          [hour('2026-12-05T12:00:00Z'), 9],
          [hour('2026-12-06T08:00:00Z'), 1],
        ]),
      ],
      // unchanged: not a mover
      [
        'IND|PAK',
        new Map([
          [hour('2026-12-05T12:00:00Z'), 2],
          [hour('2026-12-06T12:00:00Z'), 2],
        ]),
      ],
    ]),
    moverActors: null,
    heldBack: [],
    limits: { top: 10, movers: 5, newActors: 10 },
    ...over,
  };
}

describe('buildBrief', () => {
  it('ranks the period stories by severity then score, one line per story', () => {
    const b = buildBrief(input());
    expect(b.alertCount).toBe(4);
    expect(b.storyCount).toBe(3);
    expect(b.stories.map((s) => s.storyId)).toEqual(['s2', 's1', 's3']);
    const s1 = b.stories.find((s) => s.storyId === 's1')!;
    expect(s1).toMatchObject({ alerts: 2, title: 'Troops cross the border', severity: 'high' });
    expect(
      buildBrief(input({ limits: { top: 1, movers: 5, newActors: 10 } })).stories,
    ).toHaveLength(1);
  });

  it('lists the dyads that moved most, either way, against the period before', () => {
    const b = buildBrief(input());
    expect(b.movers).toEqual([
      { source: 'CHN', target: 'TWN', now: 1, before: 9, change: -8 },
      { source: 'RUS', target: 'UKR', now: 10, before: 3, change: 7 },
    ]);
    const onlyRus = buildBrief(input({ moverActors: new Set(['RUS']) }));
    expect(onlyRus.movers.map((m) => m.source)).toEqual(['RUS']);
  });

  it('names the actors no earlier alert of the rules named', () => {
    const b = buildBrief(input());
    // RUS and CHN were in an earlier alert; ARM is outside the period.
    expect(b.newActors.map((a) => a.id)).toEqual(['NER', 'TWN', 'UKR']);
    expect(b.newActors[2]).toMatchObject({ name: 'Ukraine', stories: 1 });
  });

  it('says an empty period is empty', () => {
    const b = buildBrief(input({ alerts: [], series: new Map() }));
    expect(briefIsEmpty(b)).toBe(true);
    const text = buildEmail(briefNotice(b)).text;
    expect(text).toContain('No alerts in this period.');
    expect(text).toContain('No dyad moved.');
    expect(
      briefIsEmpty(
        buildBrief(input({ alerts: [], series: new Map(), heldBack: [testAlert(1, 'x')] })),
      ),
    ).toBe(false);
  });

  it('renders within the channels’ limits, held-back alerts included', () => {
    const heldBack = Array.from({ length: 40 }, (_, i) =>
      testAlert(i, `Held ${i} ${'w'.repeat(300)}`),
    );
    const many = Array.from({ length: 300 }, (_, i) =>
      alert({ storyId: `m${i}`, title: `Story ${i} <b>&</b> ${'x'.repeat(400)}` }),
    );
    const b = buildBrief(
      input({ alerts: many, heldBack, limits: { top: 25, movers: 20, newActors: 30 } }),
    );
    const notice = briefNotice(b);
    expect(notice.kind).toBe('brief');
    expect(notice.sections.map((s) => s.heading)).toEqual([
      'Top stories',
      'Tension movers',
      'New actors',
      '40 alerts held back by the rate limit',
    ]);
    const slack = buildSlackBrief(b);
    expect(slack.blocks.length).toBeLessThanOrEqual(50);
    for (const block of slack.blocks) {
      const text = (block.text as { text?: string } | undefined)?.text ?? '';
      expect(text.length).toBeLessThanOrEqual(3000);
    }
    expect(JSON.stringify(slack)).not.toContain('<b>');
    const discord = buildDiscordMessage(notice) as { content?: string; embeds?: unknown[] };
    expect(JSON.stringify(discord).length).toBeLessThan(8000);
    expect(buildEmail(notice).html).not.toContain('<b>&</b>');
  });
});

describe('brief config', () => {
  const base = { destinations: { desk: { type: 'slack', url: 'https://hooks.slack.com/x' } } };

  it('parses a brief and derives its schedule', () => {
    const cfg = AlerterSection.parse({
      ...base,
      briefs: {
        morning: { channel: 'desk', every: 'daily', at: '07:30', timezone: 'Europe/Berlin' },
      },
    });
    const spec = cfg.briefs.morning!;
    expect(spec).toMatchObject({ top: 10, movers: 5, newActors: 10, holdOverflow: false });
    expect(briefPattern(spec)).toBe('30 7 * * *');
    expect(briefPattern({ every: 'hourly', at: '00:15' })).toBe('15 * * * *');
  });

  it('names the bad key', () => {
    const bad = (briefs: unknown, dest: unknown = base.destinations) =>
      AlerterSection.safeParse({ destinations: dest, briefs }).error?.issues.map(
        (i) => `${i.path.join('.')}: ${i.message}`,
      );
    expect(bad({ b: { channel: 'nope', every: 'daily' } })).toEqual([
      'briefs.b.channel: no destination named "nope"',
    ]);
    expect(bad({ b: { channel: 'desk', every: 'weekly' } })?.[0]).toMatch(/^briefs.b.every/);
    expect(bad({ b: { channel: 'desk', every: 'daily', at: '7am' } })?.[0]).toMatch(/HH:MM/);
    expect(bad({ b: { channel: 'desk', every: 'daily', timezone: 'Mars/Olympus' } })?.[0]).toMatch(
      /unknown time zone/,
    );
    process.env.FAULTLINE_TEST_BRIEF_PD = 'x';
    expect(
      bad(
        { b: { channel: 'pd', every: 'daily' } },
        { pd: { type: 'pagerduty', routingKeyEnv: 'FAULTLINE_TEST_BRIEF_PD' } },
      ),
    ).toEqual([
      'briefs.b.channel: a brief goes to a slack, email, teams, telegram, discord destination, not pagerduty',
    ]);
    delete process.env.FAULTLINE_TEST_BRIEF_PD;
  });
});
