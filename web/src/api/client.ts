import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, isProblem, type Problem } from './problem';
import type { paths } from './schema';

/** The CSRF cookie the server sets at sign-in; writes echo it in a header. */
const csrfCookie = 'concord_csrf';

export function csrfToken(): string {
  const m = document.cookie.split('; ').find((c) => c.startsWith(csrfCookie + '='));
  return m ? decodeURIComponent(m.slice(csrfCookie.length + 1)) : '';
}

const safe = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Called when the session has ended (401), so the app can show the sign-in page. */
let onUnauthenticated: () => void = () => {};
export function setUnauthenticatedHandler(fn: () => void) {
  onUnauthenticated = fn;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (!safe.has(request.method)) {
      const token = csrfToken();
      if (token) request.headers.set('X-CSRF-Token', token);
    }
    return request;
  },
  async onResponse({ request, response }) {
    if (response.ok) return response;
    let problem: Problem;
    const body: unknown = await response
      .clone()
      .json()
      .catch(() => undefined);
    if (isProblem(body)) {
      problem = body;
    } else {
      // A proxy or a crash may answer without a problem document; the UI
      // still gets one to show.
      problem = { type: 'about:blank', title: response.statusText || 'Error', status: response.status, code: 'http_' + response.status };
    }
    if (response.status === 401 && !request.url.endsWith('/api/v1/auth/login')) onUnauthenticated();
    throw new ApiError(response.status, problem);
  },
};

/** api is the typed client of the Concord REST API (types from /api/openapi.json). */
export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/**
 * must unwraps an openapi-fetch result. Errors were already thrown by the
 * middleware; this only narrows the type.
 */
export function must<T>(r: { data?: T; error?: unknown }): T {
  if (r.data === undefined) {
    throw new ApiError(0, { type: 'about:blank', title: 'Empty response', status: 0, code: 'empty_response' });
  }
  return r.data;
}

/**
 * download fetches a file from the API (with the session cookie) and hands
 * it to the browser as a download.
 */
export async function download(url: string, accept: string, fallbackName: string): Promise<void> {
  const res = await fetch(url, { headers: { Accept: accept }, credentials: 'same-origin' });
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => undefined);
    throw new ApiError(res.status, isProblem(body) ? body : { type: 'about:blank', title: res.statusText, status: res.status, code: 'http_' + res.status });
  }
  const blob = await res.blob();
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(a.href);
}
