import { z } from "zod";

/**
 * An exact ID: the lossless parser delivers IDs beyond 2^53 as digit strings, small ones as numbers.
 * Either way the result is a non-negative decimal string.
 */
export const idSchema = z.union([
  z.string().regex(/^\d{1,20}$/, "a non-negative integer ID"),
  z
    .number()
    .int()
    .nonnegative("a non-negative integer ID")
    .refine((n) => Number.isSafeInteger(n), "an ID beyond 2^53 arrived as a rounded number")
    .transform(String),
]);

/**
 * A count that may be missing or null; strings of digits are accepted (sources disagree). A negative,
 * fractional or astronomically large count (beyond 2^53) is not a count: the record is invalid.
 */
export const countSchema = z
  .union([z.number(), z.string().regex(/^\d+$/, "a count of digits")])
  .transform((v) => Number(v))
  .pipe(
    z
      .number()
      .int("a whole count")
      .nonnegative("a count cannot be negative")
      .max(Number.MAX_SAFE_INTEGER, "a count beyond 2^53"),
  )
  .nullish();
