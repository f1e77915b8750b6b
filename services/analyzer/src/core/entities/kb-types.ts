import type { EntityType } from '@faultline/shared/schemas';

/** A role code with its validity window (ISO dates; null = open). */
export type RoleSpan = readonly [code: string, from: string | null, to: string | null];

/** One canonical entity as stored in the committed knowledge-base file. */
export interface KbEntity {
  id: string;
  name: string;
  type: EntityType;
  country?: string;
  roles?: RoleSpan[];
  aliases: string[];
  /** Countries only: adjectives and nouns of nationality ("Russian", "Russians"). */
  demonyms?: string[];
  /** Places only: the ISO3 of the country whose capital this is ("Moscow said" -> GOV:RUS). */
  capitalOf?: string;
}

/** The knowledge-base file: entities plus agent nouns ("troops" -> MIL). */
export interface KbFile {
  v: 1;
  entities: KbEntity[];
  /** Lower-case role nouns mapped to a CAMEO agent suffix (GOV, MIL, REB, ...). */
  agents: Record<string, string>;
}
