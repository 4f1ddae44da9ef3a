/** An error the API answers with: HTTP status, `error.code` and message, in the v2 envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function invalidParams(message: string): ApiError {
  return new ApiError(400, "invalid_params", message);
}

export function internalError(message = "Something is wrong. Please try again later."): ApiError {
  return new ApiError(500, "internal_error", message);
}
