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

/**
 * The desktop app's page (app://) additionally reaches its own workshop host on loopback: the
 * facilitator's live documents come over `ws://127.0.0.1:<port>/live/…` (the port is chosen when the
 * workshop starts). Nothing beyond loopback is allowed.
 */
export const DESKTOP_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "connect-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* wss://127.0.0.1:*",
);
