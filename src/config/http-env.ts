import type { ConfigProblem } from './config-error.js';

/** How the HTTP API is reached: the part of the engine's settings read from `HTTP_*`. */
export interface HttpSettings {
  readonly host: string;
  readonly port: number;
  /**
   * `HTTP_ALLOWED_HOSTS`: the host names (no port) people and their browsers use to reach the
   * engine; requests for any other name are refused (DNS rebinding). Default: localhost,
   * 127.0.0.1 and ::1, plus `HTTP_HOST` when it is one address.
   */
  readonly allowedHosts: readonly string[];
  /**
   * `HTTP_TRUST_PROXY`: which X-Forwarded-For/-Proto/-Host to believe, as fastify's `trustProxy`:
   * unset or `false` none, `true` any, a number of hops, or addresses and CIDR ranges
   * (`127.0.0.1,10.0.0.0/8`).
   */
  readonly trustProxy: boolean | number | readonly string[];
  /** `HTTP_TLS_CERT_FILE` and `HTTP_TLS_KEY_FILE`: serve HTTPS directly with this PEM certificate and key. */
  readonly tls: { readonly certFile: string; readonly keyFile: string } | null;
}

type Get = (name: string) => string | undefined;

/** Addresses that listen on every interface: no single name follows from them. */
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);
const HOST_NAME = /^(\[[0-9a-f:.]+\]|[0-9a-f:]+:[0-9a-f:.]*|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*)$/i;
const ADDRESS_OR_CIDR = /^([0-9.]+|[0-9a-f:.]+)(\/\d{1,3})?$/i;

export const readHttpSettings = (get: Get, problem: (path: string, message: string) => void): HttpSettings => {
  const portText = get('HTTP_PORT') ?? '8080';
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) problem('HTTP_PORT', `must be a port number from 0 to 65535, got ${JSON.stringify(portText)}`);
  const host = get('HTTP_HOST') ?? '127.0.0.1';
  if (!/^\S+$/.test(host)) problem('HTTP_HOST', `must be a host name or IP address, got ${JSON.stringify(host)}`);

  const listed = get('HTTP_ALLOWED_HOSTS');
  let allowedHosts: string[];
  if (listed === undefined) {
    if (WILDCARDS.has(host)) {
      problem('HTTP_ALLOWED_HOSTS', `is required when HTTP_HOST listens on every interface (${host}): list the host names people use to reach the engine, e.g. "callcenter.kreis-pinneberg.de,10.1.2.3"`);
    }
    allowedHosts = [...new Set(['localhost', '127.0.0.1', '::1', ...(WILDCARDS.has(host) ? [] : [host])])];
  } else {
    allowedHosts = listed.split(',').map((h) => h.trim()).filter((h) => h !== '');
    const bad = allowedHosts.filter((h) => !HOST_NAME.test(h));
    if (allowedHosts.length === 0) problem('HTTP_ALLOWED_HOSTS', 'must list at least one host name');
    if (bad.length > 0) problem('HTTP_ALLOWED_HOSTS', `must be host names or IP addresses without port or scheme, separated by commas; not: ${bad.map((b) => JSON.stringify(b)).join(', ')}`);
  }

  const proxyText = get('HTTP_TRUST_PROXY') ?? 'false';
  let trustProxy: HttpSettings['trustProxy'] = false;
  if (proxyText === 'true' || proxyText === 'false') trustProxy = proxyText === 'true';
  else if (/^\d{1,2}$/.test(proxyText)) trustProxy = Number(proxyText);
  else {
    const ranges = proxyText.split(',').map((r) => r.trim()).filter((r) => r !== '');
    const bad = ranges.filter((r) => !ADDRESS_OR_CIDR.test(r));
    if (ranges.length === 0 || bad.length > 0) problem('HTTP_TRUST_PROXY', 'must be true, false, a number of proxy hops, or IP addresses and CIDR ranges separated by commas (e.g. "127.0.0.1,10.0.0.0/8")');
    trustProxy = ranges;
  }

  const certFile = get('HTTP_TLS_CERT_FILE');
  const keyFile = get('HTTP_TLS_KEY_FILE');
  if ((certFile === undefined) !== (keyFile === undefined)) {
    problem(certFile === undefined ? 'HTTP_TLS_CERT_FILE' : 'HTTP_TLS_KEY_FILE', 'HTTPS needs both HTTP_TLS_CERT_FILE and HTTP_TLS_KEY_FILE');
  }
  const tls = certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : null;
  return { host, port, allowedHosts, trustProxy, tls };
};

export type { ConfigProblem };
