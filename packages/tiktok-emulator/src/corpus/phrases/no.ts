import type { PhraseBank } from "./bank.js";

/** Norwegian (bokmål). */
export const norwegian: PhraseBank = {
  topics: [
    {
      name: "politikk",
      weight: 10,
      hashtags: ["nopol", "politikk", "stortinget"],
      sentences: [
        "Regjeringen har lagt fram et nytt budsjett, og opposisjonen er kritisk.",
        "Stortinget stemte ned forslaget i dag.",
        "Hvorfor snakker ingen om fastlegekrisen?",
        "Oljefondet har passert en ny rekord, men hvem merker noe til det?",
      ],
    },
    {
      name: "klima",
      weight: 8,
      hashtags: ["klima", "strømpris", "energi"],
      sentences: [
        "Strømprisene i Sør-Norge er helt sprø igjen.",
        "Stortinget må ta klimamålene på alvor.",
        "Vindkraft på land skaper splid i bygda vår.",
      ],
    },
    {
      name: "hverdag",
      weight: 6,
      hashtags: ["oslo", "bergen", "hverdag"],
      sentences: [
        "Boligprisene i Oslo er uforståelige for unge.",
        "Matprisene har steget igjen denne uka.",
        "Dagens middag: fiskesuppe fra Bergen.",
        "Ventetiden i helsekøen er altfor lang.",
      ],
    },
  ],
  openers: ["Viktig:", "Kort forklart:", "Del gjerne:"],
  closers: ["Hva tenker dere?", "Skriv i kommentarfeltet 👇", "Følg for mer.", "🇳🇴"],
  generalTags: ["fyp", "foryou", "viral", "norge", "norsk"],
  speechLeads: ["hei alle sammen", "okei så", "nå skal dere høre"],
  comments: [
    "Helt enig!",
    "Dette er så sant",
    "Hvor har du tallene fra?",
    "Bra sagt 👏",
    "Nei, dette stemmer ikke",
  ],
  replies: ["Enig", "Nei, du tar feil", "Kilde?"],
  bios: ["Politikk på norsk", "Student i Oslo", "Sykepleier og mamma", ""],
  firstNames: ["Ingrid", "Nora", "Kari", "Ole", "Lars", "Magnus", "Henrik", "Sigrid", "Eirik", "Marte"],
  lastNames: ["Hansen", "Johansen", "Olsen", "Larsen", "Berg", "Haugen", "Bakken", "Solberg"],
  playlistNames: ["Politikk forklart", "Strømprisene"],
};
