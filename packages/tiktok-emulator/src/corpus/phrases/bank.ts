/** A language's phrase bank: the material descriptions, speech, comments and profiles are built from. */
export interface Topic {
  readonly name: string;
  /** Relative share of the language's videos. */
  readonly weight: number;
  readonly sentences: readonly string[];
  /** Without "#", lower-case. */
  readonly hashtags: readonly string[];
}

export interface PhraseBank {
  readonly topics: readonly Topic[];
  readonly openers: readonly string[];
  readonly closers: readonly string[];
  /** Tags added to any topic ("fyp", "foryou", …). */
  readonly generalTags: readonly string[];
  /** Spoken lead-ins for voice_to_text. */
  readonly speechLeads: readonly string[];
  readonly comments: readonly string[];
  readonly replies: readonly string[];
  readonly bios: readonly string[];
  readonly firstNames: readonly string[];
  readonly lastNames: readonly string[];
  readonly playlistNames: readonly string[];
}
