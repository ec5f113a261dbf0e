import type { RequestHandler } from "express";
import { hostname, networkInterfaces } from "node:os";
import type { Chain } from "../chain/connect.js";
import { HttpError } from "./errors.js";

/**
 * The Host-header check (against DNS rebinding) and the rule of which servers may hand out dev
 * tokens. A page on another site whose name an attacker re-points at 127.0.0.1 reaches a loopback
 * server, but its requests still carry the attacker's name in `Host`: refusing every name the
 * server is not known by keeps such a page from reading anything, dev tokens first.
 */

/** Chain ids of development chains: Hardhat's and anvil's default (a consortium chain has its own). */
export const DEV_CHAIN_IDS: readonly bigint[] = [31337n];

/** The names a browser on this machine uses for a loopback-bound server. */
const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];

/** `::1` → `[::1]` (as IPv6 literals appear in a Host header); names and IPv4 lower-cased as they are. */
function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  return h.includes(":") && !h.startsWith("[") ? `[${h}]` : h;
}

/**
 * True for an address or name that only this machine can reach: 127.0.0.0/8, ::1, localhost.
 * @example isLoopback("127.0.0.1") // true; isLoopback("0.0.0.0") // false
 */
export function isLoopback(host: string): boolean {
  const h = hostName(host);
  return h === "localhost" || h === "[::1]" || /^127(\.\d{1,3}){3}$/.test(h);
}

/** True for the "every interface" addresses 0.0.0.0 and ::. */
function isWildcard(host: string): boolean {
  const h = hostName(host);
  return h === "0.0.0.0" || h === "[::]" || h === "";
}

/**
 * The host names a server bound to `boundHost` answers to. Bound to loopback: 127.0.0.1, localhost,
 * [::1] (and the bound address). Bound to one other interface: that address or name. Bound to every
 * interface (0.0.0.0, ::): the loopback names, this machine's interface addresses and its host name.
 * `extra` adds names (e.g. a LAN DNS name).
 * @example allowedHostNames("127.0.0.1") // Set { "127.0.0.1", "localhost", "[::1]" }
 */
export function allowedHostNames(boundHost: string, extra: readonly string[] = []): Set<string> {
  const names = new Set<string>(extra.map(hostName));
  if (isLoopback(boundHost)) {
    for (const n of [...LOOPBACK_NAMES, boundHost]) names.add(hostName(n));
  } else if (isWildcard(boundHost)) {
    for (const n of LOOPBACK_NAMES) names.add(n);
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) names.add(hostName(a.address.replace(/%.*$/, "")));
    }
    names.add(hostName(hostname()));
  } else {
    names.add(hostName(boundHost));
  }
  return names;
}

/** `Host: name[:port]` → its lower-cased name (IPv6 in brackets) and port (undefined when absent). */
function parseHost(header: string): { name: string; port?: number } | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]\s]+)(?::(\d{1,5}))?$/i.exec(header.trim());
  if (!m) return undefined;
  return { name: m[1].toLowerCase(), port: m[2] === undefined ? undefined : Number(m[2]) };
}

/**
 * Middleware refusing a request whose `Host` is not a name of this server with the port the request
 * came in on (a missing port means 80): 421 `HOST_NOT_ALLOWED`, before anything else is read.
 * @param boundHost the interface the server listens on, as given to `listen`.
 * @param extra further names to accept.
 * @example app.use(hostCheck("127.0.0.1"))
 */
export function hostCheck(boundHost: string, extra: readonly string[] = []): RequestHandler {
  const names = allowedHostNames(boundHost, extra);
  return (req, _res, next) => {
    const header = req.headers.host;
    const host = header === undefined ? undefined : parseHost(header);
    const port = host ? (host.port ?? 80) : undefined;
    if (host && names.has(host.name) && port === req.socket.localPort) {
      next();
      return;
    }
    next(
      new HttpError(
        421,
        "HOST_NOT_ALLOWED",
        "This server does not answer to that Host: use the address and port it was started on (e.g. http://127.0.0.1:3000).",
        { host: header ?? null },
      ),
    );
  };
}

/**
 * True for a development chain: the in-process chain, or a JSON-RPC node whose chain id is a known
 * development id ({@link DEV_CHAIN_IDS}). Anything else is treated as a shared (consortium) chain.
 * @example isDevelopmentChain(service.deployment.chain)
 */
export function isDevelopmentChain(chain: Pick<Chain, "kind" | "chainId">): boolean {
  return chain.kind === "in-process" || DEV_CHAIN_IDS.includes(chain.chainId);
}
