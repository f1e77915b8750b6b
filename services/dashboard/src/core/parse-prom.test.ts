import { describe, expect, it } from 'vitest';
import { parsePromText, sumSamples } from './parse-prom.ts';

const TEXT = `# HELP faultline_items_in_total Messages received by a stage
# TYPE faultline_items_in_total counter
faultline_items_in_total{service="cleaner",stage="cleaner",topic="news.raw"} 120
faultline_items_in_total{service="cleaner",stage="cleaner",topic="other"} 3
faultline_up 1 1700000000000
faultline_weird{a="x\\"y,z",b="line\\nbreak"} 2.5e3
faultline_processing_seconds_bucket{le="+Inf",stage="cleaner"} 7
broken line here
faultline_nan NaN
`;

describe('parsePromText', () => {
  const samples = parsePromText(TEXT);
  it('reads names, labels and values, skipping comments and garbage', () => {
    expect(samples.map((s) => s.name)).toEqual([
      'faultline_items_in_total',
      'faultline_items_in_total',
      'faultline_up',
      'faultline_weird',
      'faultline_processing_seconds_bucket',
      'faultline_nan',
    ]);
    expect(samples[2]).toEqual({ name: 'faultline_up', labels: {}, value: 1 });
  });
  it('unescapes quoted label values with commas and quotes inside', () => {
    expect(samples[3]!.labels).toEqual({ a: 'x"y,z', b: 'line\nbreak' });
    expect(samples[3]!.value).toBe(2500);
    expect(samples[4]!.labels.le).toBe('+Inf');
  });
  it('sums matching samples', () => {
    expect(sumSamples(samples, 'faultline_items_in_total', { stage: 'cleaner' })).toBe(123);
    expect(sumSamples(samples, 'faultline_items_in_total', { topic: 'news.raw' })).toBe(120);
    expect(sumSamples(samples, 'missing')).toBe(0);
  });
});
