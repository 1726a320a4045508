import type { Problem } from './types.js';

/** A failed API call, carrying the server's problem details when it sent them. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function readProblem(res: Response): Promise<Problem | null> {
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return null;
  try {
    const body: unknown = await res.json();
    return body !== null && typeof body === 'object' ? (body as Problem) : null;
  } catch {
    return null;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Called on every 401: the session ended (expired, signed out elsewhere). */
let onUnauthorized: ((path: string) => void) | null = null;

export function setUnauthorizedHandler(handler: ((path: string) => void) | null): void {
  onUnauthorized = handler;
}

/** The readable message of a failed call: problem `detail`, better-auth's `message`, the title, or the status. */
function messageOf(path: string, res: Response, problem: Problem | null): string {
  const message = typeof problem?.message === 'string' ? problem.message : undefined;
  return (
    problem?.detail ?? message ?? problem?.title ?? `${path}: HTTP ${res.status} ${res.statusText}`.trim()
  );
}

/**
 * Sends a same-origin request (the session cookie goes along) and reads the JSON answer; a non-2xx
 * answer becomes an `ApiError` with the problem details, a network failure an `ApiError` with status 0.
 */
export async function requestJson<T>(
  method: Method,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, null, `${path}: the server cannot be reached`);
  }
  if (!res.ok) {
    const problem = await readProblem(res);
    if (res.status === 401) onUnauthorized?.(path);
    throw new ApiError(res.status, problem, messageOf(path, res, problem));
  }
  if (res.status === 204) return null as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** GETs a same-origin JSON resource; a non-2xx answer becomes an `ApiError` with the problem's `detail`. */
export function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return requestJson<T>('GET', path, undefined, signal);
}

/** Builds a query string, leaving out undefined values. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
