import type { Corpus } from "../corpus/corpus.js";
import { snowflakeId } from "../corpus/ids.js";
import { Rng } from "../random/prng.js";

/**
 * The synthetic corpus of the endpoints added after the nine classic ones: the Commercial Content
 * API's advertisers, ads and commercial content, and TikTok Shop's shops, products and reviews. It is
 * derived from the video corpus (its creators post the commercial content) and its size, so a seed
 * gives the same data on every run; it is built on first use, once per emulator.
 */
export interface EmuAdvertiser {
  readonly businessId: string;
  readonly name: string;
  readonly country: string;
  readonly followerCount: number;
}
export interface EmuAd {
  readonly id: string;
  readonly advertiser: EmuAdvertiser;
  readonly title: string;
  /** YYYYMMDD */
  readonly firstShown: string;
  readonly lastShown: string;
  readonly countries: readonly string[];
  readonly reach: number;
  readonly status: "active" | "inactive";
}
export interface EmuCommercial {
  readonly id: string;
  readonly createTime: number;
  /** YYYYMMDD of createTime */
  readonly day: string;
  readonly creator: string;
  readonly creatorCountry: string;
  readonly brands: readonly string[];
}
export interface EmuShop {
  readonly id: string;
  readonly name: string;
  readonly rating: string;
  readonly reviewCount: number;
  readonly soldCount: number;
  readonly performance: number;
  readonly products: readonly EmuProduct[];
}
export interface EmuProduct {
  readonly id: string;
  readonly shopId: string;
  readonly name: string;
  readonly description: string;
  readonly price: number;
  readonly soldCount: number;
  readonly ratings: readonly [number, number, number, number, number];
  readonly reviews: readonly EmuReview[];
}
export interface EmuReview {
  readonly productName: string;
  readonly text: string;
  readonly displayName: string;
  readonly likes: number;
  readonly createTime: number;
  readonly rating: number;
}

export interface CommerceCorpus {
  readonly advertisers: readonly EmuAdvertiser[];
  readonly ads: readonly EmuAd[];
  readonly adsById: ReadonlyMap<string, EmuAd>;
  readonly commercial: readonly EmuCommercial[];
  readonly shops: readonly EmuShop[];
  readonly shopsById: ReadonlyMap<string, EmuShop>;
  readonly productsById: ReadonlyMap<string, EmuProduct>;
}

/** EEA countries (the commercial content API covers EEA creators; the UK and Switzerland are not included). */
export const EEA = ["DK", "SE", "NO", "DE", "FI", "FR", "IT", "NL", "PL", "ES"] as const;
const BRANDS = [
  "Hygge Home",
  "Nordlys",
  "Fjord Coffee",
  "Klima Cykler",
  "Ø-Mad",
  "Bølge Sport",
  "Lys & Co",
  "Grøn Energi",
];
const WORDS = [
  "kaffe",
  "cykel",
  "sommer",
  "tilbud",
  "klima",
  "mode",
  "sko",
  "rejse",
  "bolig",
  "mobil",
  "spil",
  "te",
];
const SHOP_WORDS = ["Nordic", "Free Soul", "Hygge", "Fjord", "Copenhagen", "Viking", "Baltic", "Aurora"];
const REVIEW_TEXTS = [
  "Rigtig god kvalitet, kom hurtigt",
  "Ikke som på billedet",
  "Super produkt, vil købe igen",
  "Great value for money",
  "Helt okay til prisen",
  "Passer perfekt, tak",
];
const DAY_S = 86_400;
const FIRST = Date.UTC(2022, 9, 1) / 1000;

export const apiDay = (seconds: number) =>
  new Date(seconds * 1000).toISOString().slice(0, 10).replace(/-/g, "");

/**
 * Builds the commerce corpus of a video corpus: the same data for the same corpus every time (tests use
 * it as ground truth; the emulator keeps one in its state, see `CommerceState`).
 */
export function commerceOf(corpus: Corpus): CommerceCorpus {
  return build(corpus);
}

/** What one emulator holds for these endpoints: its commerce corpus (built on first use) and its compliance tasks. */
export class CommerceState {
  readonly #corpus: Corpus;
  #data: CommerceCorpus | undefined;
  /** task_id → the task's category and size. */
  readonly tasks = new Map<string, { readonly category: "video" | "comment"; readonly ids: number }>();
  constructor(corpus: Corpus) {
    this.#corpus = corpus;
  }
  get data(): CommerceCorpus {
    this.#data ??= build(this.#corpus);
    return this.#data;
  }
}

function build(corpus: Corpus): CommerceCorpus {
  const rng = new Rng(`${corpus.videoCount}:${corpus.users[0]?.username ?? ""}`, "commerce");
  const span = Math.max(DAY_S, Math.floor(Date.UTC(2026, 11, 31) / 1000) - FIRST);
  const advertisers: EmuAdvertiser[] = [];
  for (let i = 0; i < 40; i++) {
    const word = rng.pick(WORDS);
    advertisers.push({
      businessId: rng.digits(16),
      name: `${rng.pick(BRANDS)} ${word[0]?.toUpperCase()}${word.slice(1)} ApS ${i}`,
      country: rng.pick(EEA),
      followerCount: rng.range(0, 500_000),
    });
  }
  const ads: EmuAd[] = [];
  for (let i = 0; i < 600; i++) {
    const first = FIRST + rng.int(span);
    const advertiser = rng.pick(advertisers);
    const countries = [...new Set([advertiser.country, rng.pick(EEA)])];
    ads.push({
      id: snowflakeId(first, rng.uint32()),
      advertiser,
      title: `${rng.pick(WORDS)} ${rng.pick(WORDS)} ${rng.pick(["tilbud", "nyhed", "sale", "nu"])}`,
      firstShown: apiDay(first),
      lastShown: apiDay(first + rng.range(0, 60) * DAY_S),
      countries,
      reach: rng.range(1, 900) * 1000,
      status: rng.chance(0.3) ? "active" : "inactive",
    });
  }
  ads.sort((a, b) => (a.firstShown < b.firstShown ? -1 : a.firstShown > b.firstShown ? 1 : 0));
  const creators = corpus.users.filter((u) => !u.isPrivate);
  const commercial: EmuCommercial[] = [];
  for (let i = 0; i < 400 && creators.length; i++) {
    const time = FIRST + rng.int(span);
    commercial.push({
      id: snowflakeId(time, rng.uint32()),
      createTime: time,
      day: apiDay(time),
      creator: rng.pick(creators).username,
      creatorCountry: rng.pick(EEA),
      brands: [...new Set([rng.pick(BRANDS), ...(rng.chance(0.3) ? [rng.pick(BRANDS)] : [])])],
    });
  }
  commercial.sort((a, b) => a.createTime - b.createTime);
  const shops: EmuShop[] = [];
  const productsById = new Map<string, EmuProduct>();
  for (let i = 0; i < 30; i++) {
    const id = snowflakeId(FIRST + rng.int(span), rng.uint32());
    const name = `${SHOP_WORDS[i % SHOP_WORDS.length]} Shop${i < SHOP_WORDS.length ? "" : ` ${Math.floor(i / SHOP_WORDS.length)}`}`;
    const products: EmuProduct[] = [];
    const productCount = i % 7 === 0 ? 0 : rng.range(1, 35);
    for (let p = 0; p < productCount; p++) {
      const productName = `${rng.pick(WORDS)} ${rng.pick(["deluxe", "mini", "pro", "basic"])} ${p}`;
      const reviews: EmuReview[] = [];
      const reviewCount = rng.range(0, 25);
      for (let r = 0; r < reviewCount; r++) {
        reviews.push({
          productName,
          text: rng.pick(REVIEW_TEXTS),
          displayName: `${rng.pick(["anna", "mads", "sofie", "lars", "emma"])}${rng.digits(3)}`,
          likes: rng.range(0, 40),
          createTime: FIRST + rng.int(span),
          rating: rng.range(1, 5),
        });
      }
      const ratings = [0, 0, 0, 0, 0] as [number, number, number, number, number];
      for (const r of reviews) ratings[r.rating - 1] = (ratings[r.rating - 1] ?? 0) + 1;
      const product: EmuProduct = {
        id: rng.digits(19).replace(/^[2-9]/, "1"),
        shopId: id,
        name: productName,
        description: `${productName}: ${rng.pick(REVIEW_TEXTS).toLowerCase()}`,
        price: rng.range(19, 2_000),
        soldCount: rng.range(0, 100_000),
        ratings,
        reviews,
      };
      products.push(product);
      productsById.set(product.id, product);
    }
    shops.push({
      id,
      name,
      rating: (3 + rng.next() * 2).toFixed(1),
      reviewCount: products.reduce((n, p) => n + p.reviews.length, 0),
      soldCount: products.reduce((n, p) => n + p.soldCount, 0),
      performance: rng.range(40, 100),
      products,
    });
  }
  return {
    advertisers,
    ads,
    adsById: new Map(ads.map((a) => [a.id, a])),
    commercial,
    shops,
    shopsById: new Map(shops.map((s) => [s.id, s])),
    productsById,
  };
}
