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

/** GETs a same-origin JSON resource; a non-2xx answer becomes an `ApiError` with the problem's `detail`. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { accept: 'application/json' }, signal: signal ?? null });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, null, `${path}: the server cannot be reached`);
  }
  if (!res.ok) {
    const problem = await readProblem(res);
    const message =
      problem?.detail ?? problem?.title ?? `${path}: HTTP ${res.status} ${res.statusText}`.trim();
    throw new ApiError(res.status, problem, message);
  }
  return (await res.json()) as T;
}

/** Builds a query string, leaving out undefined values. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
