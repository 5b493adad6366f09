import type { ApiError } from '../wire.ts';

/** The server could not be reached: the caller should keep working locally and retry later. */
export class OfflineError extends Error {
  override name = 'OfflineError';
}

/** The server answered with an error. */
export class ServerError extends Error {
  override name = 'ServerError';
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  constructor(status: number, body: ApiError) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.field = body.field;
  }
}

/** The session ended on the server (logout elsewhere, deactivation, expiry): sign in again. */
export class SignedOutError extends Error {
  override name = 'SignedOutError';
}

/** The `{code, message}` body of an error answer, or a stand-in when there is none. */
export async function readError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as Partial<ApiError>;
    return {
      code: body.code ?? `http_${response.status}`,
      message: body.message ?? response.statusText,
      ...(body.field ? { field: body.field } : {}),
    };
  } catch {
    return { code: `http_${response.status}`, message: response.statusText || `HTTP ${response.status}` };
  }
}
