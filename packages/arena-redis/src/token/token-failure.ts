import {
  ArenaError,
  AuthError,
  ConfigError,
  DataError,
  type FailureType,
  TransientError,
  toArenaError,
  UpstreamError,
} from "@observatory/arena-core";
import { z } from "zod";

/** A failed refresh as other processes see it: the error's safe form (redacted message, no cause). */
export const tokenFailureSchema = z.object({
  id: z.string(),
  message: z.string(),
  failureType: z.enum(["config", "auth", "quota", "transient", "data", "upstream"]),
  status: z.number().optional(),
  code: z.string().optional(),
});
export type TokenFailure = z.infer<typeof tokenFailureSchema>;

export function describeFailure(id: string, error: unknown): TokenFailure {
  const arena = toArenaError(error, "The token refresh failed");
  return {
    id,
    message: arena.message,
    failureType: arena.failureType,
    ...(arena.status === undefined ? {} : { status: arena.status }),
    ...(arena.code === undefined ? {} : { code: arena.code }),
  };
}

/** The error a waiting process throws when the process that refreshed for it failed. */
export function failureToError(failure: TokenFailure): ArenaError {
  const message = `Another process's token refresh failed: ${failure.message}`;
  const options = {
    ...(failure.status === undefined ? {} : { status: failure.status }),
    ...(failure.code === undefined ? {} : { code: failure.code }),
  };
  const byType: Record<FailureType, () => ArenaError> = {
    auth: () => new AuthError(message, options),
    config: () => new ConfigError(message, options),
    transient: () => new TransientError(message, options),
    data: () => new DataError(message, options),
    upstream: () => new UpstreamError(message, options),
    quota: () => new ArenaError(message, { ...options, failureType: "quota" }),
  };
  return byType[failure.failureType]();
}
