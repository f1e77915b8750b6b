import { describe, expect, it } from 'vitest';
import { detectTension } from './detect-tension.ts';
import { loadTensionModel } from './model.ts';
import { extractEntities, loadKnowledgeBase } from '../entities/index.ts';

// Who acts on whom: the main dyad of an item, through the real entity extractor and knowledge
// base (the golden seed and the cue tests are in detect-tension.test.ts).

const model = loadTensionModel();

describe('armed movements in dyads', () => {
  const kb = loadKnowledgeBase();
  it('a named movement stands for the country it acts from (Hezbollah, not Lebanon)', () => {
    const title = 'Israel strikes Hezbollah targets in southern Lebanon';
    const text =
      'Israeli jets hit what the army called Hezbollah weapons depots in Lebanon overnight.';
    const found = extractEntities({ title, text, publishedAt: '2024-09-23T00:00:00Z' }, kb);
    const top = detectTension({ title, text }, found, model).dyads[0];
    expect(top).toMatchObject({ source: 'ISR', target: 'ORG:HEZBOLLAH' });
  });
});

describe('dyad roles (who acts on whom)', () => {
  const kb = loadKnowledgeBase();
  const top = (title: string, text: string) => {
    const found = extractEntities({ title, text, publishedAt: '2024-09-23T00:00:00Z' }, kb);
    const d = detectTension({ title, text }, found, model).dyads[0];
    return d && `${d.source}>${d.target}`;
  };
  it('the one told it will pay a price is the target, the speaker the source', () => {
    expect(
      top(
        'Hamas says Israel will pay a high price for Gaza ground offensive',
        'A Hamas spokesman called the ground operation a dangerous step.',
      ),
    ).toBe('ORG:HAMAS>ISR');
  });
  it('a state reacting (jets scrambled, airspace closed) is the target of the act after "as"', () => {
    expect(
      top(
        'South Korea scrambles jets as Chinese and Russian bombers enter air defence zone',
        'Seoul said the aircraft entered without notice.',
      ),
    ).toBe('CHN>KOR');
    expect(
      top(
        'Iraq, Jordan close airspace as Iran launches drones at Israel',
        'Airlines diverted flights across the region.',
      ),
    ).toBe('IRN>ISR');
  });
  it('the state before "-backed" is the source of its group\'s act', () => {
    expect(
      top(
        'Rwandan-backed M23 rebels seize Goma',
        "The rebels said they controlled eastern Congo's largest city; Rwanda denied sending troops.",
      ),
    ).toBe('RWA>COD');
  });
  it('the Pentagon acts for the United States', () => {
    expect(
      top(
        'Pentagon sends aircraft carrier to deter Iran',
        'The Pentagon said the strike group would deter Iran from widening the war and warned of a response to any attack.',
      ),
    ).toBe('USA>IRN');
  });
  it('the agent of a passive act is the source; an actor named as a place is the target', () => {
    expect(
      top(
        'Philippine supply boat rammed by Chinese coast guard',
        'Manila said the vessel was damaged near Second Thomas Shoal.',
      ),
    ).toBe('CHN>PHL');
    expect(
      top(
        'Gunfire at Kosovo border as Serb barricades block crossings',
        'Police said shots were fired overnight.',
      ),
    ).toBe('SRB>UNK');
  });
  it('a dependent territory stands for its state', () => {
    expect(
      top(
        'US bombers from Guam fly over disputed waters near China',
        'China said the flights near its coast were a provocation.',
      ),
    ).not.toMatch(/GUM/);
  });
  it('an official of an international organisation acts for it', () => {
    expect(
      top('Stoltenberg warns Russia of a devastating response', 'NATO allies met in Brussels.'),
    ).toBe('ORG:NATO>RUS');
  });
  it('the Taliban act for Afghanistan', () => {
    expect(
      top(
        'Taliban forces hit Pakistani border posts',
        'The Taliban said their troops captured several posts overnight.',
      ),
    ).toBe('AFG>PAK');
  });
});
