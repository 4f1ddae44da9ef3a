import type { PhraseBank } from "./bank.js";

/** German. */
export const german: PhraseBank = {
  topics: [
    {
      name: "politik",
      weight: 9,
      hashtags: ["politik", "bundestag", "deutschland"],
      sentences: [
        "Die Bundesregierung streitet schon wieder über den Haushalt.",
        "Warum redet niemand über die Pflegekrise?",
        "Die Lebensmittelpreise steigen weiter.",
      ],
    },
    {
      name: "klima",
      weight: 7,
      hashtags: ["klimaschutz", "energiewende", "klima"],
      sentences: [
        "Klimaschutz darf nicht an der Grenze aufhören.",
        "Dänemark macht es vor: So geht Windenergie.",
        "Die Energiewende kommt auf dem Land nicht an.",
      ],
    },
    {
      name: "alltag",
      weight: 6,
      hashtags: ["berlin", "bahn", "alltag"],
      sentences: [
        "Die Mieten in Berlin sind nicht mehr bezahlbar.",
        "Die Bahn hatte heute wieder zwei Stunden Verspätung.",
        "Urlaub an der dänischen Nordsee: meine Tipps.",
      ],
    },
  ],
  openers: ["Wichtig:", "Kurz erklärt:", "Teilt das bitte:"],
  closers: ["Was denkt ihr?", "Schreibt es in die Kommentare 👇", "Folgt für mehr.", "🇩🇪"],
  generalTags: ["fyp", "foryou", "viral", "deutschland", "fürdich"],
  speechLeads: ["hallo zusammen", "also", "heute geht es um"],
  comments: ["Genau so ist es!", "Quelle?", "Stimmt leider", "Gut gesagt 👏", "Das stimmt so nicht"],
  replies: ["Genau", "Nein, das ist falsch", "Quelle bitte"],
  bios: ["Politik einfach erklärt", "Studentin in Hamburg", "Pfleger aus Kiel", ""],
  firstNames: ["Lena", "Anna", "Paul", "Jonas", "Felix", "Lukas", "Marie", "Hannah", "Leon", "Mia"],
  lastNames: ["Mueller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Wagner", "Hoffmann"],
  playlistNames: ["Politik erklärt", "Energiewende"],
};
