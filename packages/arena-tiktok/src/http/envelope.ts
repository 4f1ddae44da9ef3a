import { z } from "zod";

/** `{ data, error: { code, message, log_id } }`: every Research API response. */
export const envelopeSchema = z.object({
  data: z.unknown().optional(),
  error: z
    .object({
      code: z.string(),
      message: z.string().optional().default(""),
      log_id: z.string().optional(),
      http_status_code: z.number().optional(),
    })
    .loose(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/** The token endpoint's own flat error shape. */
export const flatErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().optional().default(""),
  log_id: z.string().optional(),
});
export type FlatError = z.infer<typeof flatErrorSchema>;
