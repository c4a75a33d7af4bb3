import { type ErrorCode, errorBody } from '@carehub/core';

/** An error the API reports to the user: HTTP status + catalogue code (Thai and English messages). */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly details?: unknown,
  ) {
    super(code);
  }

  body() {
    return errorBody(this.code, this.details);
  }
}

export const notFound = () => new AppError(404, 'not_found');
export const forbidden = (code: ErrorCode = 'forbidden') => new AppError(403, code);
