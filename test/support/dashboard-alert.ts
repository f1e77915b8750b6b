import type { Alert } from '@faultline/shared/schemas';

// The alert dashboard-sources.test.ts records in the alert history and enqueues for delivery.

export const sourcesAlert: Alert = {
  alertKey: 'a_test1',
  ruleId: 'russia-nato',
  ruleName: 'Russia-NATO',
  severity: 'high',
  storyId: 's_1',
  itemId: 'i_1',
  feedId: 'f_1',
  isUpdate: false,
  title: 'Soaring tensions between Moscow, West',
  publishedAt: '2026-03-01T10:00:00Z',
  score: 0.8,
  explanation: {
    rule: 'russia-nato',
    matched: ['dyad'],
    entities: [{ id: 'RUS', name: 'Russia', type: 'LOC', count: 3, salience: 0.9 }],
    topics: [
      {
        topic: 'threaten',
        cameo: '13',
        goldstein: -6,
        score: 0.9,
        evidence: [{ field: 'text', start: 0, end: 20, text: 'Moscow warned NATO' }],
      },
    ],
    dyads: [{ source: 'RUS', target: 'ORG:NATO', score: 0.8, topics: ['threaten'] }],
    score: 0.8,
  },
  sources: [],
  channels: ['siem'],
  createdAt: new Date().toISOString(),
};
