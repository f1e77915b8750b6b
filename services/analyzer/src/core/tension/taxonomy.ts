// The tension taxonomy: CAMEO conflict families (root codes 10-20) and the domain topics a
// tension monitor is asked about, each tied to a CAMEO root and a Goldstein-scale weight
// (-10 most conflictual .. +10 most cooperative; values from Goldstein 1992 as used by GDELT for
// the root or the most typical sub-code). See docs/tension-taxonomy.md.

export interface TopicDef {
  id: string;
  label: string;
  cameo: string;
  goldstein: number;
  kind: 'family' | 'domain';
}

export const FAMILY_TOPICS: readonly TopicDef[] = [
  { id: 'demand', label: 'Demand', cameo: '10', goldstein: -5.0, kind: 'family' },
  { id: 'disapprove', label: 'Disapprove / accuse', cameo: '11', goldstein: -2.0, kind: 'family' },
  { id: 'reject', label: 'Reject', cameo: '12', goldstein: -4.0, kind: 'family' },
  { id: 'threaten', label: 'Threaten', cameo: '13', goldstein: -6.0, kind: 'family' },
  { id: 'protest', label: 'Protest', cameo: '14', goldstein: -6.5, kind: 'family' },
  {
    id: 'force-posture',
    label: 'Exhibit force posture',
    cameo: '15',
    goldstein: -7.2,
    kind: 'family',
  },
  {
    id: 'reduce-relations',
    label: 'Reduce relations',
    cameo: '16',
    goldstein: -4.0,
    kind: 'family',
  },
  { id: 'coerce', label: 'Coerce', cameo: '17', goldstein: -7.0, kind: 'family' },
  { id: 'assault', label: 'Assault', cameo: '18', goldstein: -9.0, kind: 'family' },
  { id: 'fight', label: 'Fight', cameo: '19', goldstein: -10.0, kind: 'family' },
  {
    id: 'mass-violence',
    label: 'Engage in mass violence',
    cameo: '20',
    goldstein: -10.0,
    kind: 'family',
  },
];

export const DOMAIN_TOPICS: readonly TopicDef[] = [
  {
    id: 'military-buildup',
    label: 'Military build-up near a border',
    cameo: '152',
    goldstein: -7.2,
    kind: 'domain',
  },
  {
    id: 'invasion-warning',
    label: 'Invasion warning or accusation',
    cameo: '138',
    goldstein: -7.0,
    kind: 'domain',
  },
  {
    id: 'nuclear-missile-deployment',
    label: 'Nuclear or missile deployment',
    cameo: '154',
    goldstein: -7.2,
    kind: 'domain',
  },
  {
    id: 'alliance-expansion',
    label: 'Alliance expansion',
    cameo: '15',
    goldstein: -7.2,
    kind: 'domain',
  },
  {
    id: 'security-guarantees',
    label: 'Security-guarantee demands and ultimatums',
    cameo: '10',
    goldstein: -5.0,
    kind: 'domain',
  },
  { id: 'sanctions', label: 'Sanctions', cameo: '163', goldstein: -8.0, kind: 'domain' },
  { id: 'cyber-attack', label: 'Cyber attack', cameo: '176', goldstein: -7.0, kind: 'domain' },
  {
    id: 'energy-coercion',
    label: 'Energy coercion',
    cameo: '1623',
    goldstein: -8.0,
    kind: 'domain',
  },
  {
    id: 'ceasefire-violation',
    label: 'Ceasefire violation',
    cameo: '196',
    goldstein: -10.0,
    kind: 'domain',
  },
];

export const TOPICS: readonly TopicDef[] = [...FAMILY_TOPICS, ...DOMAIN_TOPICS];

const byId = new Map(TOPICS.map((t) => [t.id, t]));
const familyByRoot = new Map(FAMILY_TOPICS.map((t) => [Number(t.cameo), t]));

export function topicById(id: string): TopicDef | undefined {
  return byId.get(id);
}

/** The conflict family of a CAMEO root code (10..20), if any. */
export function familyOfRoot(root: number): TopicDef | undefined {
  return familyByRoot.get(root);
}
