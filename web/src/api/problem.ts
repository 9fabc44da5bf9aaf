import type { components } from './schema';

/** An RFC 9457 problem document as the API sends it. */
export type Problem = components['schemas']['Problem'];

/** ApiError is thrown for every non-2xx answer; it carries the problem. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get code(): string {
    return this.problem.code;
  }
}

/** A field path as Ant Design's Form understands it: "addresses[0].city" → ["addresses", 0, "city"]. */
export type FieldPath = (string | number)[];

/** parseFieldPath splits the API's field paths (dots and [index]) into a form name path. */
export function parseFieldPath(field: string): FieldPath {
  const path: FieldPath = [];
  for (const part of field.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      path.push(part);
      continue;
    }
    if (m[1]) path.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) path.push(Number(idx[1]));
  }
  return path;
}

export interface FieldErrorEntry {
  name: FieldPath;
  errors: string[];
}

/**
 * problemFieldErrors maps a problem's errors[] onto form fields. Only fields
 * the form has (known(path) is true) are returned; the others stay in the
 * summary message so that no error is ever silently lost.
 */
export function problemFieldErrors(
  problem: Problem,
  known: (path: FieldPath) => boolean = () => true,
): { fields: FieldErrorEntry[]; rest: string[] } {
  const byField = new Map<string, FieldErrorEntry>();
  const rest: string[] = [];
  for (const e of problem.errors ?? []) {
    const name = parseFieldPath(e.field);
    if (!e.field || !known(name)) {
      rest.push(e.field ? `${e.field}: ${e.message}` : e.message);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(e.message);
    byField.set(key, entry);
  }
  return { fields: [...byField.values()], rest };
}

/** isProblem tells a problem document from any other JSON. */
export function isProblem(v: unknown): v is Problem {
  return typeof v === 'object' && v !== null && 'code' in v && 'status' in v;
}
