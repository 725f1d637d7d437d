/**
 * Which links may leave the app for the system browser. Only https links to hosts on the
 * allow-list open directly; other http(s) links open after the user confirms in a dialog; any
 * other scheme (file:, smb:, javascript:, custom protocol handlers) never opens — opening them is
 * how a link in a document becomes code execution (Electron security guide, shell.openExternal).
 */
export const EXTERNAL_ALLOWED_HOSTS: readonly string[] = ['github.com', 'www.electronjs.org'];

export type ExternalDecision = 'open' | 'confirm' | 'refuse';

/** What to do with a link the renderer wants to open outside the app. */
export function externalLinkDecision(url: string, allowedHosts: readonly string[] = EXTERNAL_ALLOWED_HOSTS): ExternalDecision {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'refuse';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'refuse';
  if (parsed.username || parsed.password) return 'confirm';
  if (parsed.protocol === 'https:' && allowedHosts.includes(parsed.hostname.toLowerCase())) return 'open';
  return 'confirm';
}
