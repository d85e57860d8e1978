import type { ErrorBody } from '../../../../src/contract/errors';
import { csrfToken } from './csrf';

/** An API failure with what the server said: its stable code, message, field and request id. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = body.error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

export type QueryParams = Record<string, string | number | undefined>;

function url(path: string, params?: QueryParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

function networkError(cause: unknown): ApiError {
  return new ApiError(0, 'NETWORK_ERROR', cause instanceof Error ? cause.message : String(cause));
}

/** The answer's JSON, or an ApiError made from its error body. A 204 answer is `undefined`. */
async function readAnswer<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (isErrorBody(body)) {
      const { code, message, requestId, field } = body.error;
      throw new ApiError(response.status, code, message, requestId, field);
    }
    throw new ApiError(response.status, `HTTP_${response.status}`, response.statusText || 'Request failed');
  }
  if (body === undefined) throw new ApiError(response.status, 'INVALID_RESPONSE', 'The response is not JSON');
  return body as T;
}

/** GET a JSON resource of the API; any failure becomes an ApiError. */
export async function getJson<T>(path: string, params?: QueryParams, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url(path, params), { headers: { accept: 'application/json' }, signal });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw networkError(cause);
  }
  return readAnswer<T>(response);
}

export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Sends a write to the API with the session's CSRF token (read when sending, so it survives a reload
 * and follows a sign-in in another tab). `body` undefined sends no body; a 204 answer is `undefined`.
 */
export async function sendJson<T>(
  method: WriteMethod,
  path: string,
  body?: unknown,
  extraHeaders: Readonly<Record<string, string>> = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  const token = csrfToken();
  if (token) headers['x-csrf-token'] = token;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (cause) {
    throw networkError(cause);
  }
  return readAnswer<T>(response);
}
