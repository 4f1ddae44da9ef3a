import type { Language } from "../types.js";
import type { PhraseBank } from "./bank.js";
import { danish } from "./da.js";
import { german } from "./de.js";
import { english } from "./en.js";
import { norwegian } from "./no.js";
import { swedish } from "./sv.js";

export type { PhraseBank, Topic } from "./bank.js";

export const PHRASE_BANKS: Readonly<Record<Language, PhraseBank>> = {
  da: danish,
  no: norwegian,
  sv: swedish,
  de: german,
  en: english,
};
