import type { KbEntity } from '../entities/kb-types.ts';

// Canonical entities the language tables name that the English knowledge base lacks (cities
// and commands that the Phoenix dictionaries predate). Ids follow DEVELOPERS.md.

const loc = (id: string, name: string, country?: string): KbEntity => ({
  id,
  name,
  type: 'LOC',
  ...(country ? { country } : {}),
  aliases: [name],
});

export const EXTRA_ENTITIES: readonly KbEntity[] = [
  {
    id: 'ORG:PLA-EASTERN-THEATER-COMMAND',
    name: 'PLA Eastern Theater Command',
    type: 'ORG',
    country: 'CHN',
    roles: [['CHNMIL', null, null]],
    aliases: ['Eastern Theater Command', 'Eastern Theatre Command'],
  },
  loc('LOC:zaporizhzhia', 'Zaporizhzhia', 'UKR'),
  loc('LOC:kherson', 'Kherson', 'UKR'),
  loc('LOC:dnipro', 'Dnipro', 'UKR'),
  loc('LOC:lviv', 'Lviv', 'UKR'),
  loc('LOC:taiwan-strait', 'Taiwan Strait'),
  loc('LOC:essequibo', 'Essequibo', 'GUY'),
  loc('LOC:transnistria', 'Transnistria', 'MDA'),
];

/**
 * State organs acting for their state in a dyad (the PLA for China, the IDF for Israel): the
 * native path pairs their countries, as it does for a government or a capital.
 */
export const STATE_ORGANS: Readonly<Record<string, string>> = {
  'ORG:PLA-EASTERN-THEATER-COMMAND': 'CHN',
  'ORG:peoples-liberation-army': 'CHN',
  'ORG:israel-defence-forces': 'ISR',
  'ORG:revolutionary-guard': 'IRN',
  'ORG:PENTAGON': 'USA',
  'ORG:FSB': 'RUS',
};
