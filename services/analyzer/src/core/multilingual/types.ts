// A language is a table: how its text is cut into tokens, how its name forms are reduced to a
// key, the names of the actors the English knowledge base knows (linked to the same canonical
// ids), and the tension cues mapped to the same CAMEO families and domain topics.

/** One entity name in a language, linked to a canonical KB id (ISO3, GOV:X, ORG:X, PER:x, LOC:x). */
export type NameRow = readonly [id: string, ...names: string[]];

/**
 * One tension cue: a regular expression source (matched case-insensitively, Unicode) over the
 * normalised text, the taxonomy topic it signals (a CAMEO family id such as `fight`, or a domain
 * topic such as `sanctions`), its strength (0..1, a sentence score before modality) and a short
 * English label used in the gist ("missile strike").
 */
export interface Cue {
  re: string;
  topic: string;
  weight: number;
  label: string;
}

export interface LanguageTable {
  /** ISO 639-1 code as the cleaner's language detection reports it. */
  code: string;
  /** English name of the language (shown in alerts and the dashboard). */
  name: string;
  /** `spaced`: word tokens over letters; `cjk`: longest match over the raw text (no spaces). */
  script: 'spaced' | 'cjk';
  /** i18n-iso-countries locale(s) for country names. */
  countryLocales: readonly string[];
  /** Names the country data lacks: actors, capitals, leaders, organisations, short forms. */
  names: readonly NameRow[];
  /**
   * Case or clitic endings stripped from a word to find its key (longest first is tried first);
   * a name then matches any inflected form whose stem equals the name's stem.
   */
  suffixes?: readonly string[];
  /** Leading clitics stripped from a word (Arabic و ب ل ف ك), tried before the suffixes. */
  prefixes?: readonly string[];
  /**
   * Stems a name's (folded) last word takes in the oblique cases beyond its suffixes: the
   * Ukrainian closed last syllable's і / ї alternates with о, е / є (Львів -> Львова,
   * Кишинів -> Кишиневі, Харків -> Харкова, Київ -> Києва).
   */
  nameForms?: (word: string) => string[];
  /**
   * The adjectives a language derives from a one-word country name (German Armenien ->
   * armenisch, Pakistan -> pakistanisch), found with the suffixes as names are. A form two
   * countries would share (Niger, Nigeria -> nigerisch) is left out.
   */
  adjectivesOf?: (countryName: string) => string[];
  /** Shortest stem a suffix may leave (guards short words: "Ирана" -> "иран", not "ир"). */
  minStem?: number;
  /** Maps a character to its folded form (Traditional -> Simplified Chinese); same length. */
  fold?: (text: string) => string;
  cues: readonly Cue[];
  /** Words that negate or deny a cue when they occur shortly before it. */
  negation: string;
  /** Words just before an actor that mark it as the target ("против", "على", "gegen", "对"). */
  targetMarkers: string;
  /** A sentence matching this carries no tension (sport: "удар по воротам", "match"). */
  discard?: string;
  /** Cues may start inside a word: compounds (German Militärmanöver, Artilleriefeuer). */
  compounds?: boolean;
  /** Whether the country data's names are stemmed too (false: Arabic, البحرين is not بحر). */
  stemCountryNames?: boolean;
  /** Country names (folded) from the country data left out: they are common words here. */
  dropNames?: readonly string[];
  /** Sentence ends beyond ". ! ?" (Arabic "؟", CJK "。！？"). */
  sentenceEnd?: string;
}
