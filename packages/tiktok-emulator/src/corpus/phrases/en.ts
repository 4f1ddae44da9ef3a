import type { PhraseBank } from "./bank.js";

/** English, mostly about Denmark (expats and Danes posting in English). */
export const english: PhraseBank = {
  topics: [
    {
      name: "politics",
      weight: 9,
      hashtags: ["politics", "denmark", "europe"],
      sentences: [
        "The Danish election is coming up. Here's what you need to know.",
        "Greenland is suddenly at the centre of world politics.",
        "Why is nobody talking about housing prices in Copenhagen?",
        "Danish healthcare is free, but the waiting lists are real.",
      ],
    },
    {
      name: "climate",
      weight: 7,
      hashtags: ["climate", "climatechange", "windenergy"],
      sentences: [
        "Denmark's new CO2 tax on farming, explained in one minute.",
        "Wind power now covers more than half of Denmark's electricity.",
        "Copenhagen wants to be carbon neutral. Is it working?",
      ],
    },
    {
      name: "life",
      weight: 7,
      hashtags: ["copenhagen", "expatlife", "livingindenmark"],
      sentences: [
        "Living in Denmark as an expat: the good and the bad.",
        "Cycling to work in Copenhagen in November hits different.",
        "Things that surprised me after moving to Aarhus.",
      ],
    },
  ],
  openers: ["Quick explainer:", "Okay, let's talk about this.", "Hot take:"],
  closers: ["What do you think?", "Let me know in the comments 👇", "Follow for more."],
  generalTags: ["fyp", "foryou", "foryoupage", "viral", "denmark"],
  speechLeads: ["hi everyone", "okay so", "let's talk about"],
  comments: [
    "So true!",
    "Source?",
    "This is why I moved to Denmark",
    "Great explanation 👏",
    "That's not how it works",
  ],
  replies: ["Exactly", "No, you're wrong", "Source please"],
  bios: ["Expat in Copenhagen", "Explaining Danish politics in English", "PhD student, Aarhus", ""],
  firstNames: ["Emily", "Olivia", "James", "Jack", "Harry", "Grace", "Sophie", "Daniel", "Chloe", "Ryan"],
  lastNames: ["Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Walker", "Wright"],
  playlistNames: ["Denmark explained", "Expat life"],
};
