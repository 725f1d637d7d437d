import { extname, resolve, sep } from 'node:path';
import { DESKTOP_CONTENT_SECURITY_POLICY } from './security';

/**
 * The renderer is served from `app://stagecraft/…` instead of `file://`: a file:// page can
 * read any other file:// URL and every file shares one origin, while a custom standard scheme
 * gives the app its own origin and serves only files under the built renderer folder.
 * (Electron security guide, "Use a custom protocol instead of file://".)
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'stagecraft';
/** The page the window loads when not running against the dev server. */
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Privileges for `protocol.registerSchemesAsPrivileged`, called before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
} as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/**
 * The file under `rendererDir` that an `app://stagecraft/…` URL names, or undefined for any
 * other host, a traversal (`..`, encoded or not), a backslash or a NUL byte.
 */
export function resolveAppFile(url: string, rendererDir: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  const root = resolve(rendererDir);
  const file = resolve(root, path === '/' ? 'index.html' : path.replace(/^\/+/, ''));
  if (!file.startsWith(root + sep)) return undefined;
  return file;
}

/**
 * The `protocol.handle('app', …)` handler: serves files of the built renderer with their type,
 * nosniff, and the CSP on HTML; 404 for anything outside it. `readFile` is injected so the
 * handler is testable without Electron.
 */
export function createAppProtocolHandler(
  rendererDir: string,
  readFile: (file: string) => Promise<Uint8Array>,
): (request: { url: string }) => Promise<Response> {
  return async (request) => {
    const file = resolveAppFile(request.url, rendererDir);
    if (!file) return new Response('Not found', { status: 404 });
    let data: Uint8Array;
    try {
      data = await readFile(file);
    } catch {
      return new Response('Not found', { status: 404 });
    }
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const headers: Record<string, string> = { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff' };
    if (type.startsWith('text/html')) headers['Content-Security-Policy'] = DESKTOP_CONTENT_SECURITY_POLICY;
    // A file's bytes; the DOM and Node typings disagree on Uint8Array's buffer type, not on the value.
    return new Response(data as unknown as ConstructorParameters<typeof Response>[0], { status: 200, headers });
  };
}

/** True when `url` is a page of the app: `app://stagecraft/…` (Node gives custom schemes no origin). */
export function isAppProtocolUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
