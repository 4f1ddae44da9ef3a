import { z } from "zod";

/** The token endpoint's success body. */
export const tokenResponseSchema = z
  .object({
    access_token: z.string().min(1),
    expires_in: z.coerce.number().int().positive(),
    token_type: z.string().optional(),
  })
  .loose();
