import { z } from "zod";

/**
 * An exact ID: the lossless parser delivers IDs beyond 2^53 as digit strings, small ones as numbers.
 * Either way the result is a decimal string.
 */
export const idSchema = z.union([
  z.string().regex(/^-?\d+$/, "an integer ID"),
  z
    .number()
    .int()
    .refine((n) => Number.isSafeInteger(n), "an ID beyond 2^53 arrived as a rounded number")
    .transform(String),
]);

/** A count that may be missing or null; strings of digits are accepted (sources disagree). */
export const countSchema = z
  .union([z.number(), z.string().regex(/^\d+$/)])
  .transform((v) => Number(v))
  .nullish();
