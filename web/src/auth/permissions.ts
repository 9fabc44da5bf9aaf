/**
 * matchPermission mirrors the server's authz.Match: "*" segments match one
 * segment, a trailing "*" matches the rest. The server decides every
 * request; the UI uses this only to hide what the user may not open.
 */
export function matchPermission(pattern: string, perm: string): boolean {
  const ps = pattern.split('.');
  const qs = perm.split('.');
  for (let i = 0; i < ps.length; i++) {
    const seg = ps[i];
    if (seg === '*' && i === ps.length - 1) return qs.length >= i + 1;
    if (i >= qs.length || (seg !== '*' && seg !== qs[i])) return false;
  }
  return ps.length === qs.length;
}

export function can(grants: readonly string[] | null | undefined, perm: string): boolean {
  return (grants ?? []).some((g) => matchPermission(g, perm));
}
