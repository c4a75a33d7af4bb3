/**
 * Where to go after signing in: only a path on this site (no open redirect to `//evil.example` or
 * `/\evil.example`, which browsers read as another host), and never back to /login.
 */
export function safeRedirect(target: string | undefined): string {
  if (!target?.startsWith('/') || /^\/[\\/]/.test(target) || /^\/login(?:[/?#]|$)/.test(target)) return '/';
  return target;
}
