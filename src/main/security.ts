/**
 * The Content-Security-Policy for the renderer, sent by the HTTP host on HTML and added by the
 * Electron shell to dev-server responses: only the app's own scripts, styles (inline allowed for
 * React Flow's style attributes), workers (blob: for Vite's worker wrappers) and API.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
