import type { PhraseBank } from "./bank.js";

/** Swedish. */
export const swedish: PhraseBank = {
  topics: [
    {
      name: "politik",
      weight: 10,
      hashtags: ["svpol", "politik", "riksdagen"],
      sentences: [
        "Regeringen sviker landsbygden, igen.",
        "Riksdagen röstade igenom förslaget i dag.",
        "Vården i min region har väntetider på flera månader.",
        "Vem ska egentligen betala för det här?",
      ],
    },
    {
      name: "klimat",
      weight: 7,
      hashtags: ["klimat", "elpriser", "energi"],
      sentences: [
        "Elpriserna i södra Sverige slår nya rekord.",
        "Klimatmålen kommer inte att nås med den här politiken.",
        "Kärnkraft eller vindkraft? Debatten fortsätter.",
      ],
    },
    {
      name: "vardag",
      weight: 6,
      hashtags: ["stockholm", "vardag", "fika"],
      sentences: [
        "Bostadsbristen i Stockholm drabbar de unga hårdast.",
        "Matpriserna fortsätter att stiga.",
        "Dagens fika: kanelbullar från bageriet runt hörnet.",
      ],
    },
  ],
  openers: ["Viktigt:", "Kort förklarat:", "Dela gärna:"],
  closers: ["Vad tycker ni?", "Skriv i kommentarerna 👇", "Följ för mer.", "🇸🇪"],
  generalTags: ["fyp", "foryou", "viral", "sverige", "svenska"],
  speechLeads: ["hej allihopa", "okej så", "nu ska ni höra"],
  comments: ["Håller helt med!", "Så sant", "Källa?", "Bra sagt 👏", "Nej, det stämmer inte"],
  replies: ["Exakt", "Nej, du har fel", "Källa på det?"],
  bios: ["Politik på svenska", "Student i Lund", "Sjuksköterska", ""],
  firstNames: ["Elsa", "Maja", "Astrid", "Erik", "Oskar", "Johan", "Linnea", "Axel", "Wilma", "Hugo"],
  lastNames: [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Lindqvist",
    "Persson",
    "Svensson",
  ],
  playlistNames: ["Politik förklarat", "Elpriserna"],
};
