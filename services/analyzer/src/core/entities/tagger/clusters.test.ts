import { describe, expect, it } from 'vitest';
import { buildGazetteer, parseWordClusters } from '../gazetteer.ts';
import { conllDocuments, documentHalf, type ConllSentence } from '../conll.ts';
import { extractFeatures, FeatureBuffers, wordInfos, STRIDE } from './features.ts';

const FILE = ['# test clusters', '1\tparis berlin madrid', '0\tsaid told', '1\tnato'].join('\n');

describe('word clusters', () => {
  it('maps each folded word to its fine and coarse cluster', () => {
    const clusters = parseWordClusters(FILE);
    expect(clusters.get('berlin')).toBe(1 | (2 << 16));
    expect(clusters.get('told')).toBe(2 | (1 << 16));
    expect(clusters.get('nato')).toBe(3 | (2 << 16));
    expect(clusters.has('london')).toBe(false);
  });

  it('gives words of one cluster shared features, and none without clusters', () => {
    const features = (words: string[], withClusters: boolean): Set<number> => {
      const gaz = buildGazetteer([]);
      if (withClusters) gaz.clusters = parseWordClusters(FILE);
      const sf = extractFeatures(wordInfos(words), gaz, new FeatureBuffers());
      return new Set(sf.feats.subarray(STRIDE, STRIDE + 40).filter((h) => h !== 0));
    };
    const shared = (a: Set<number>, b: Set<number>) => [...a].filter((h) => b.has(h)).length;
    const paris = features(['in', 'Paris', 'today'], true);
    const madrid = features(['in', 'Madrid', 'today'], true);
    const london = features(['in', 'London', 'today'], true);
    expect(shared(paris, madrid)).toBeGreaterThan(shared(paris, london));
    const bare = features(['in', 'Madrid', 'today'], false);
    expect(shared(paris, madrid) - shared(features(['in', 'Paris', 'today'], false), bare)).toBe(3);
  });
});

describe('the CoNLL development split', () => {
  const doc = (text: string, first = true): ConllSentence[] =>
    text.split('|').map((s, i) => ({
      words: s.split(' '),
      tags: s.split(' ').map(() => 'O'),
      docStart: first && i === 0,
    }));

  it('puts a document in one half by its words alone', () => {
    const a = doc('Troops massed on the border .|Talks collapsed .');
    expect(documentHalf(a)).toBe(
      documentHalf(doc('Troops massed on the border .|Talks collapsed .')),
    );
    const data = [...a, ...doc('Markets fell .'), ...doc('Rain is due .')];
    const docs = conllDocuments(data);
    expect(docs.map((d) => [d.start, d.end])).toEqual([
      [0, 2],
      [2, 3],
      [3, 4],
    ]);
    expect(docs[0]!.half).toBe(documentHalf(a));
  });
});
