/**
 * The address rules for everything PinFlow fetches on a user's behalf (webhook deliveries, feeds), and for
 * judging whether Pinterest could fetch a URL. An SSRF guard (docs/security.md §2.6):
 *
 * - `checkOutboundUrl` runs when such a URL is saved: it parses the URL with the WHATWG
 *   parser, refuses schemes, userinfo, fragments, control characters, over-long URLs and local host
 *   names, classifies IP literals, then resolves the name and refuses it if ANY answer is not a public
 *   address (or if resolution fails: fail closed).
 * - `pinnedFetch` runs before every delivery attempt: it repeats the check, resolving exactly once, and
 *   dials the validated IP itself, so a DNS answer that changes between check and connect (rebinding)
 *   cannot redirect the request. The original name travels in the Host header and as the TLS server
 *   name (Bun verifies the certificate against `tls.serverName`, never against the Host header).
 *   Redirects are never followed.
 *
 * `allowPrivate` (PINFLOW_WEBHOOK_ALLOW_PRIVATE) lifts the destination rules (local names and
 * non-public addresses) for homelab receivers, except cloud metadata endpoints, which stay blocked.
 * The syntactic rules always apply.
 *
 * Reasons are short user-facing sentences and never contain a resolved address, so that the API
 * cannot be used as an internal DNS or port-scan oracle.
 */

import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** All A and AAAA answers for `hostname`. */
export type Resolve = (hostname: string) => Promise<string[]>;

export const systemResolve: Resolve = async (hostname) =>
  (await lookup(hostname, { all: true, order: "verbatim" })).map((answer) => answer.address);

export type UrlCheck = { ok: true; url: URL; addresses: string[] } | { ok: false; reason: string };

/** `what` names the URL in refusals ("Webhook URL must use http or https"). */
export type SsrfOptions = { allowPrivate: boolean; resolve: Resolve; what?: string };

/** Delivery was refused by the SSRF policy; nothing was sent. `message` is safe to store and show. */
export class SsrfBlockedError extends Error {
  readonly kind = "blocked_ssrf";
  constructor(reason: string) {
    super(reason);
    this.name = "SsrfBlockedError";
  }
}

export const MAX_OUTBOUND_URL_LENGTH = 2048;

/** Why a URL is refused, in sentences safe to show (they never contain a resolved address). */
export const urlRefusals = (what = "URL") =>
  ({
    tooLong: `${what} must be at most ${MAX_OUTBOUND_URL_LENGTH} characters`,
    controlChars: `${what} must not contain control characters`,
    invalid: `${what} is not a valid URL`,
    scheme: `${what} must use http or https`,
    userinfo: `${what} must not contain a username or password`,
    fragment: `${what} must not contain a fragment`,
    localName: `${what} must not point to a local or internal host name`,
    metadata: `${what} must not point to a cloud metadata service`,
    notPublic: `${what} must resolve to a public internet address`,
    unresolvable: `${what} host could not be resolved`,
  }) as const;
type Refusals = ReturnType<typeof urlRefusals>;

// ---------------------------------------------------------------------------------------------------
// Address parsing and classification
// ---------------------------------------------------------------------------------------------------

type Ip = { v: 4; n: number } | { v: 6; n: bigint };

/** Strict dotted-quad: four decimal parts 0-255 without leading zeros (`010` is ambiguous: refused). */
function parseIpv4(s: string): number | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return null;
    const byte = Number(part);
    if (byte > 255) return null;
    n = n * 256 + byte;
  }
  return n;
}

/** RFC 4291 text form, with `::` and an optional dotted-quad tail. Zone ids (`%eth0`) are refused. */
function parseIpv6(s: string): bigint | null {
  if (!/^[0-9a-f:.]+$/i.test(s)) return null;
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const groups = (text: string): number[] | null => {
    if (text === "") return [];
    const out: number[] = [];
    const pieces = text.split(":");
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIpv4(piece);
        if (v4 === null) return null;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
        out.push(Number.parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = groups(halves[0] ?? "");
  const tail = halves.length === 2 ? groups(halves[1] ?? "") : [];
  if (head === null || tail === null) return null;
  // A dotted-quad may only end the address.
  if (halves.length === 2 && head.length > 0 && (halves[0] ?? "").includes(".")) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  let n = 0n;
  for (const g of [...head, ...new Array<number>(missing).fill(0), ...tail]) n = (n << 16n) | BigInt(g);
  return n;
}

const V4_MAPPED_PREFIX = 0xffffn << 32n; // ::ffff:0:0/96

/** Parses an IP (IPv6 with or without brackets) and unmaps `::ffff:a.b.c.d` to IPv4. */
function parseIp(raw: string): Ip | null {
  const s = raw.startsWith("[") && raw.endsWith("]") ? raw.slice(1, -1) : raw;
  const v4 = parseIpv4(s);
  if (v4 !== null) return { v: 4, n: v4 };
  const v6 = parseIpv6(s);
  if (v6 === null) return null;
  if (v6 >> 32n === V4_MAPPED_PREFIX >> 32n) return { v: 4, n: Number(v6 & 0xffffffffn) };
  return { v: 6, n: v6 };
}

function formatIp(ip: Ip): string {
  if (ip.v === 4) return [ip.n >>> 24, (ip.n >>> 16) & 255, (ip.n >>> 8) & 255, ip.n & 255].join(".");
  // Let the WHATWG serializer produce the canonical (RFC 5952) form.
  const hex = Array.from({ length: 8 }, (_, i) => ((ip.n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  return new URL(`http://[${hex.join(":")}]/`).hostname.slice(1, -1);
}

const v4 = (cidr: string): [number, number] => {
  const [base = "", bits = "32"] = cidr.split("/");
  return [parseIpv4(base)!, Number(bits)];
};
const v6 = (cidr: string): [bigint, number] => {
  const [base = "", bits = "128"] = cidr.split("/");
  return [parseIpv6(base)!, Number(bits)];
};

/** IANA IPv4 special-purpose ranges that must never be reached (RFC 6890 and successors). */
const IPV4_DENIED = [
  "0.0.0.0/8", // "this network"; 0.0.0.0 reaches local listeners on Linux and macOS
  "10.0.0.0/8", // private
  "100.64.0.0/10", // carrier-grade NAT (Alibaba metadata 100.100.100.200, Tailscale)
  "127.0.0.0/8", // loopback
  "169.254.0.0/16", // link-local (cloud metadata 169.254.169.254)
  "172.16.0.0/12", // private
  "192.0.0.0/24", // IETF protocol assignments
  "192.0.2.0/24", // TEST-NET-1
  "192.31.196.0/24", // AS112 (DNS sink infrastructure; denied as ipaddr.js does)
  "192.52.193.0/24", // AMT (multicast tunnelling infrastructure; denied as ipaddr.js does)
  "192.88.99.0/24", // 6to4 relay anycast (deprecated)
  "192.168.0.0/16", // private
  "198.18.0.0/15", // benchmarking
  "198.51.100.0/24", // TEST-NET-2
  "203.0.113.0/24", // TEST-NET-3
  "224.0.0.0/4", // multicast
  "240.0.0.0/4", // reserved, including broadcast 255.255.255.255
].map(v4);

/** Only global unicast 2000::/3 can be public; inside it these are not. */
const IPV6_GLOBAL_UNICAST = v6("2000::/3");
const IPV6_DENIED = [
  "2001::/23", // IETF protocol assignments: Teredo 2001::/32, benchmarking, ORCHID
  "2001:db8::/32", // documentation
  "2002::/16", // 6to4 (embeds an IPv4 address)
  "2620:4f:8000::/48", // AS112 direct delegation (denied as ipaddr.js does)
  "3fff::/20", // documentation (RFC 9637)
].map(v6);
// Everything outside 2000::/3 is refused, which covers ::, ::1, IPv4-compatible ::a.b.c.d,
// ::ffff:0:a.b.c.d (SIIT), NAT64 64:ff9b::/96 and 64:ff9b:1::/48, discard 100::/64,
// unique-local fc00::/7 (AWS fd00:ec2::254), link-local fe80::/10, site-local fec0::/10, multicast ff00::/8.

const inV4 = (n: number, [base, bits]: [number, number]) =>
  bits === 0 || n >>> (32 - bits) === base >>> (32 - bits);
const inV6 = (n: bigint, [base, bits]: [bigint, number]) =>
  n >> BigInt(128 - bits) === base >> BigInt(128 - bits);

function isPublicIp(ip: Ip): boolean {
  if (ip.v === 4) return !IPV4_DENIED.some((range) => inV4(ip.n, range));
  return inV6(ip.n, IPV6_GLOBAL_UNICAST) && !IPV6_DENIED.some((range) => inV6(ip.n, range));
}

/** Cloud metadata services stay blocked even with allowPrivate: no receiver legitimately lives there. */
const METADATA_ADDRESSES = new Set(["169.254.169.254", "fd00:ec2::254", "100.100.100.200"]);
const METADATA_NAMES = new Set(["metadata.google.internal", "metadata"]);

/**
 * True only for a global unicast address. `::ffff:a.b.c.d` is judged as `a.b.c.d`; anything that is not
 * a plain IPv4 dotted-quad or an IPv6 address (leading zeros, zone ids, short forms, garbage) is false.
 */
export function isPublicAddress(ip: string): boolean {
  const parsed = parseIp(ip);
  return parsed !== null && isPublicIp(parsed);
}

// ---------------------------------------------------------------------------------------------------
// URL checks
// ---------------------------------------------------------------------------------------------------

// C0 controls, DEL and C1 controls. The WHATWG parser silently drops tabs and newlines and trims the
// ends, so they must be refused on the raw string.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Names that only resolve inside a network: no dot at all ("nas"), or `localhost`, `.local`, `.internal`,
 * `.lan`, `.home`, `.localdomain` and the reserved `.test`, `.invalid`, `.example`; trailing dots ignored.
 * No DNS is asked: this is the one rule set for "is this host local?".
 */
const LOCAL_SUFFIXES = /(^|\.)(localhost|local|internal|lan|home|localdomain|test|invalid|example)$/i;

export function isLocalName(hostname: string): boolean {
  const name = hostname.replace(/\.+$/, "");
  return !name.includes(".") || LOCAL_SUFFIXES.test(name);
}

/** True when a host (name or IP literal, brackets allowed) can only be reached from inside this network. */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) !== 0) return !isPublicAddress(host);
  return isLocalName(host);
}

type Syntax = { ok: true; url: URL; literal: Ip | null; name: string } | { ok: false; reason: string };

/** Every rule that needs no DNS. `name` is the host without brackets. */
function checkSyntax(raw: string, allowPrivate: boolean, reasons: Refusals): Syntax {
  if (raw.length > MAX_OUTBOUND_URL_LENGTH) return { ok: false, reason: reasons.tooLong };
  if (CONTROL_CHARS.test(raw)) return { ok: false, reason: reasons.controlChars };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: reasons.invalid };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { ok: false, reason: reasons.scheme };
  if (url.username !== "" || url.password !== "") return { ok: false, reason: reasons.userinfo };
  // `#` can only survive serialisation as the start of a fragment (also catches an empty one).
  if (url.href.includes("#")) return { ok: false, reason: reasons.fragment };
  if (url.href.length > MAX_OUTBOUND_URL_LENGTH) return { ok: false, reason: reasons.tooLong };

  const hostname = url.hostname;
  const name = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  // The WHATWG parser has already turned every numeric spelling (2130706433, 0177.0.0.1, 0x7f.1,
  // 127.1, %31%32%37.0.0.1, ①②⑦.0.0.1, [::ffff:127.0.0.1]) into canonical dotted-quad or IPv6 text.
  const literal = parseIp(name);
  if (literal !== null) {
    if (METADATA_ADDRESSES.has(formatIp(literal))) return { ok: false, reason: reasons.metadata };
    if (!allowPrivate && !isPublicIp(literal)) return { ok: false, reason: reasons.notPublic };
    return { ok: true, url, literal, name };
  }
  if (METADATA_NAMES.has(name.replace(/\.+$/, ""))) return { ok: false, reason: reasons.metadata };
  if (!allowPrivate && isLocalName(name)) return { ok: false, reason: reasons.localName };
  return { ok: true, url, literal: null, name };
}

/** Validates the answers of one resolution. Returns the canonical addresses, or a reason. */
function checkAnswers(
  answers: unknown,
  allowPrivate: boolean,
  reasons: Refusals,
): string[] | { reason: string } {
  if (!Array.isArray(answers) || answers.length === 0) return { reason: reasons.unresolvable };
  const ips: Ip[] = [];
  for (const answer of answers) {
    const ip = typeof answer === "string" ? parseIp(answer) : null;
    if (ip === null) return { reason: reasons.unresolvable };
    ips.push(ip);
  }
  const addresses = ips.map(formatIp);
  if (addresses.some((a) => METADATA_ADDRESSES.has(a))) return { reason: reasons.metadata };
  // ANY bad answer rejects the name: an attacker controls which record a client picks.
  if (!allowPrivate && !ips.every(isPublicIp)) return { reason: reasons.notPublic };
  return addresses;
}

/**
 * At create/update: parse, check scheme (http/https only), no userinfo, no fragment, length ≤ 2048,
 * no control chars, blocked names, IP literals in every spelling the WHATWG parser normalises, then
 * resolve and reject if ANY answer is not public (fail closed when resolution fails).
 */
export async function checkOutboundUrl(raw: string, opts: SsrfOptions): Promise<UrlCheck> {
  const reasons = urlRefusals(opts.what);
  const syntax = checkSyntax(raw, opts.allowPrivate, reasons);
  if (!syntax.ok) return syntax;
  if (syntax.literal !== null) return { ok: true, url: syntax.url, addresses: [formatIp(syntax.literal)] };
  let answers: unknown;
  try {
    answers = await opts.resolve(syntax.name);
  } catch {
    return { ok: false, reason: reasons.unresolvable };
  }
  const addresses = checkAnswers(answers, opts.allowPrivate, reasons);
  if (!Array.isArray(addresses)) return { ok: false, reason: addresses.reason };
  return { ok: true, url: syntax.url, addresses };
}

// ---------------------------------------------------------------------------------------------------
// Delivery
// ---------------------------------------------------------------------------------------------------

/** Rejects with the signal's reason (e.g. a TimeoutError) if it aborts before `promise` settles. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * At delivery: resolve once, validate every answer, then connect to the first validated IP (pinning),
 * with the original Host header, the TLS server name for https, `redirect: "manual"` (a 3xx is returned,
 * never followed) and `timeoutMs` covering resolution, connection and the response (including its body).
 * Throws SsrfBlockedError when the policy refuses the URL or any answer; nothing is sent then.
 * Failed resolution also throws SsrfBlockedError (fail closed: nothing is dialled).
 */
export async function pinnedFetch(
  url: string,
  init: RequestInit & { timeoutMs: number },
  opts: SsrfOptions & { fetch?: typeof fetch },
): Promise<Response> {
  const { timeoutMs, ...rest } = init;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = rest.signal ? AbortSignal.any([rest.signal, timeout]) : timeout;

  const check = await raceAbort(checkOutboundUrl(url, opts), signal);
  if (!check.ok) throw new SsrfBlockedError(check.reason);

  const target = new URL(check.url);
  const address = check.addresses[0]!;
  target.hostname = address.includes(":") ? `[${address}]` : address;
  const headers = new Headers(rest.headers);
  headers.set("host", check.url.host);

  const requestInit: BunFetchRequestInit = { ...rest, headers, signal, redirect: "manual" };
  if (check.url.protocol === "https:") {
    const ownTls = (rest as BunFetchRequestInit).tls;
    // The certificate is verified against serverName (also sent as SNI); an IP literal needs none.
    const serverName = check.url.hostname.replace(/\.+$/, "");
    requestInit.tls = parseIp(serverName) === null ? { ...ownTls, serverName } : { ...ownTls };
  }
  const doFetch = opts.fetch ?? globalThis.fetch;
  return doFetch(target, requestInit);
}
