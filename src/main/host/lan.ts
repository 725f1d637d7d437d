import type { NetworkInterfaceInfo } from 'node:os';
import type { Server } from 'node:net';

/**
 * Addresses for the workshop's LAN listener. The default is the machine's first private IPv4
 * address (RFC 1918), the one people in the same room can reach; `--bind` overrides it.
 */

/** True for 10/8, 172.16/12 and 192.168/16. */
export function isPrivateIPv4(address: string): boolean {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return false;
  const [a, b] = parts as [number, number, number, number];
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** The first non-internal private IPv4 among `interfaces` (from `os.networkInterfaces()`), by interface name. */
export function firstPrivateIPv4(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string | undefined {
  for (const name of Object.keys(interfaces).sort()) {
    for (const info of interfaces[name] ?? []) {
      const v4 = info.family === 'IPv4' || (info.family as unknown) === 4;
      if (v4 && !info.internal && isPrivateIPv4(info.address)) return info.address;
    }
  }
  return undefined;
}

/** `ADDRESS:PORT` as it appears in a Host header and a URL (`[::1]:80` for IPv6). */
export function hostPort(address: string, port: number): string {
  return `${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/** Listens on `port` at `address`; resolves once listening, rejects on error (e.g. EADDRINUSE). */
export function listen(server: Server, port: number, address: string): Promise<void> {
  return new Promise<void>((resolvePromise, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, address, () => {
      server.off('error', onError);
      resolvePromise();
    });
  });
}
