import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import {
  checkOutboundUrl,
  isLocalHost,
  isPublicAddress,
  pinnedFetch,
  type Resolve,
  SsrfBlockedError,
  type SsrfOptions,
  urlRefusals,
} from "./net";

const WHAT = "Webhook URL";
const reasons = urlRefusals(WHAT);
const checkWebhookUrl = (raw: string, opts: SsrfOptions) => checkOutboundUrl(raw, { what: WHAT, ...opts });
const pinned: typeof pinnedFetch = (url, init, opts) => pinnedFetch(url, init, { what: WHAT, ...opts });

const PUBLIC_V4 = "93.184.216.34";
const PUBLIC_V6 = "2606:2800:220:1:248:1893:25c8:1946";

/** A resolver that answers from a table and records every name it was asked for. */
function fakeResolver(table: Record<string, string[] | Error>) {
  const calls: string[] = [];
  const resolve: Resolve = async (hostname) => {
    calls.push(hostname);
    const answer = table[hostname];
    if (answer === undefined)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { resolve, calls };
}

/** A resolver that answers each call with the next entry: a rebinding DNS server with TTL 0. */
function sequenceResolver(...answers: string[][]) {
  const calls: string[] = [];
  const resolve: Resolve = async (hostname) => {
    calls.push(hostname);
    return answers[Math.min(calls.length - 1, answers.length - 1)] ?? [];
  };
  return { resolve, calls };
}

const publicResolve: Resolve = async () => [PUBLIC_V4];

describe("Bun's WHATWG URL parser", () => {
  // docs/security.md §2.2 was observed on Node 20.20; the guard relies on Bun agreeing.
  test.each([
    ["http://2130706433/", "127.0.0.1"],
    ["http://0177.0.0.1/", "127.0.0.1"],
    ["http://0x7f.1/", "127.0.0.1"],
    ["http://0x7f000001/", "127.0.0.1"],
    ["http://0x7f.0x0.0x0.0x1/", "127.0.0.1"],
    ["http://127.1/", "127.0.0.1"],
    ["http://127.0.1/", "127.0.0.1"],
    ["http://0177.01/", "127.0.0.1"],
    ["http://017700000001/", "127.0.0.1"],
    ["http://%31%32%37.0.0.1/", "127.0.0.1"],
    ["http://①②⑦.0.0.1/", "127.0.0.1"],
    ["http://127.0.0.1./", "127.0.0.1"],
    ["http://012.0.0.1/", "10.0.0.1"],
    ["http://0/", "0.0.0.0"],
    ["http://[::]/", "[::]"],
    ["http://[0:0:0:0:0:0:0:1]/", "[::1]"],
    ["http://[::ffff:127.0.0.1]/", "[::ffff:7f00:1]"],
    ["http://[::FFFF:8.8.8.8]/", "[::ffff:808:808]"],
    ["http://localhost./", "localhost."],
    ["http://LOCALHOST/", "localhost"],
    ["http://ｌｏｃａｌｈｏｓｔ/", "localhost"],
    ["http://a.com@127.0.0.1/", "127.0.0.1"],
    ["http://127.0.0.1#@evil.com/", "127.0.0.1"],
    ["http://169.254.169.254.nip.io/", "169.254.169.254.nip.io"],
  ])("normalises %p to the host %p", (input, hostname) => {
    expect(new URL(input).hostname).toBe(hostname);
  });

  test.each([
    "http://[fe80::1%25eth0]/",
    "http://256.0.0.1/",
    "http://1.2.3.4.5/",
    "http://09.0.0.1/",
    "http://0x100000000/",
  ])("refuses to parse %p", (input) => {
    expect(URL.canParse(input)).toBe(false);
  });

  test("silently drops CR and LF inside a URL, so control characters must be checked on the raw string", () => {
    expect(new URL("http://example.com/\r\nX: y").href).toBe("http://example.com/X:%20y");
  });
});

describe("isPublicAddress", () => {
  test.each([
    "8.8.8.8",
    PUBLIC_V4,
    "1.1.1.1",
    "172.15.255.255",
    "172.32.0.1",
    "100.63.255.255",
    "100.128.0.1",
    "192.169.0.1",
    "223.255.255.255",
    PUBLIC_V6,
    "2a00:1450:4001:81c::200e",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "::ffff:808:808",
    "[2606:4700:4700::1111]",
  ])("accepts the global unicast address %p", (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  test.each([
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "this network"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link-local (metadata)"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.100.100.200", "carrier-grade NAT (Alibaba metadata)"],
    ["100.127.255.255", "carrier-grade NAT"],
    ["192.0.0.1", "IETF protocol assignments"],
    ["192.0.2.1", "documentation"],
    ["198.51.100.1", "documentation"],
    ["203.0.113.1", "documentation"],
    ["192.88.99.1", "6to4 relay"],
    ["192.31.196.1", "AS112"],
    ["192.52.193.1", "AMT"],
    ["2620:4f:8000::1", "AS112 direct delegation"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.255", "benchmarking"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "broadcast"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback, long form"],
    ["000:0:0000::01", "loopback with leading zeros"],
    ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
    ["::fFFf:127.0.0.1", "IPv4-mapped loopback, mixed case"],
    ["::ffff:7f00:1", "IPv4-mapped loopback, hex"],
    ["::ffff:a9fe:a9fe", "IPv4-mapped metadata"],
    ["::ffff:0:7f00:1", "IPv4-translated (SIIT)"],
    ["::127.0.0.1", "IPv4-compatible"],
    ["::8.8.8.8", "IPv4-compatible public"],
    ["64:ff9b::7f00:1", "NAT64"],
    ["64:ff9b::808:808", "NAT64 of a public address"],
    ["64:ff9b:1::1", "local-use NAT64"],
    ["100::1", "discard"],
    ["2001::1", "Teredo"],
    ["2001:2::1", "benchmarking"],
    ["2001:db8::1", "documentation"],
    ["3fff::1", "documentation (RFC 9637)"],
    ["2002:7f00:1::", "6to4"],
    ["2002:808:808::1", "6to4 of a public address"],
    ["fc00::1", "unique-local"],
    ["fd12:3456::1", "unique-local"],
    ["fd00:ec2::254", "unique-local (AWS metadata)"],
    ["fe80::1", "link-local"],
    ["fec0::1", "site-local"],
    ["ff02::1", "multicast"],
    ["4000::1", "outside global unicast"],
    ["1fff:ffff::1", "outside global unicast"],
  ])("rejects %p (%s)", (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  test.each([
    "",
    "localhost",
    "example.com",
    "127.1",
    "2130706433",
    "0177.0.0.1",
    "010.8.8.8",
    "0x7f.0.0.1",
    "8.8.8.256",
    "8.8.8.8.",
    " 8.8.8.8",
    "fe80::1%eth0",
    "2606:4700::1111%1",
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    "12345::1",
    "::ffff:8.8.8",
    "8.8.8.8::",
    ":1::2",
  ])("treats the non-canonical or invalid spelling %p as not public", (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });
});

describe("checkWebhookUrl", () => {
  const longUrl = `https://example.com/${"a".repeat(2049 - "https://example.com/".length)}`;

  // docs/security.md §2.7: every case that needs no DNS. The resolver answers a public address, so each
  // rejection must come from the rule named, never from DNS.
  test.each([
    ["file:///etc/passwd", reasons.scheme],
    ["gopher://127.0.0.1:6379/_", reasons.scheme],
    ["ftp://example.com/", reasons.scheme],
    ["data:text/plain,x", reasons.scheme],
    ["javascript:alert(1)", reasons.scheme],
    ["ws://example.com", reasons.scheme],
    ["http://localhost/", reasons.localName],
    ["http://localhost./", reasons.localName],
    ["http://LOCALHOST/", reasons.localName],
    ["http://foo.localhost/", reasons.localName],
    ["http://127.0.0.1/", reasons.notPublic],
    ["http://127.0.0.1:22/", reasons.notPublic],
    ["http://127.1/", reasons.notPublic],
    ["http://127.0.1/", reasons.notPublic],
    ["http://2130706433/", reasons.notPublic],
    ["http://0x7f000001/", reasons.notPublic],
    ["http://0x7f.1/", reasons.notPublic],
    ["http://0x7f.0x0.0x0.0x1/", reasons.notPublic],
    ["http://0177.0.0.1/", reasons.notPublic],
    ["http://0177.01/", reasons.notPublic],
    ["http://017700000001/", reasons.notPublic],
    ["http://012.0.0.1/", reasons.notPublic],
    ["http://%31%32%37.0.0.1/", reasons.notPublic],
    ["http://①②⑦.0.0.1/", reasons.notPublic],
    ["http://0/", reasons.notPublic],
    ["http://0.0.0.0/", reasons.notPublic],
    ["http://[::]/", reasons.notPublic],
    ["http://[::1]/", reasons.notPublic],
    ["http://[0:0:0:0:0:0:0:1]/", reasons.notPublic],
    ["http://[::ffff:127.0.0.1]/", reasons.notPublic],
    ["http://[::ffff:7f00:1]/", reasons.notPublic],
    ["http://[::ffff:a9fe:a9fe]/", reasons.metadata],
    ["http://169.254.169.254/latest/meta-data/", reasons.metadata],
    ["http://[fd00:ec2::254]/", reasons.metadata],
    ["http://metadata.google.internal/", reasons.metadata],
    ["http://100.100.100.200/", reasons.metadata],
    ["http://100.64.0.1/", reasons.notPublic],
    ["http://10.0.0.1/", reasons.notPublic],
    ["http://172.16.0.1/", reasons.notPublic],
    ["http://172.31.255.255/", reasons.notPublic],
    ["http://192.168.1.1/", reasons.notPublic],
    ["http://[fc00::1]/", reasons.notPublic],
    ["http://[fd12:3456::1]/", reasons.notPublic],
    ["http://[fe80::1]/", reasons.notPublic],
    ["http://[64:ff9b::7f00:1]/", reasons.notPublic],
    ["http://[2002:7f00:1::]/", reasons.notPublic],
    ["http://[2001::1]/", reasons.notPublic],
    ["http://198.18.0.1/", reasons.notPublic],
    ["http://192.0.0.1/", reasons.notPublic],
    ["http://224.0.0.1/", reasons.notPublic],
    ["http://255.255.255.255/", reasons.notPublic],
    ["http://240.0.0.1/", reasons.notPublic],
    ["http://user:pass@example.com/", reasons.userinfo],
    ["http://evil.com@127.0.0.1/", reasons.userinfo],
    ["http://127.0.0.1#@evil.com/", reasons.fragment],
    ["http://example.com/\r\nX: y", reasons.controlChars],
    [longUrl, reasons.tooLong],
  ])("rejects the corpus URL %p", async (url, reason) => {
    const { resolve, calls } = fakeResolver({ "example.com": [PUBLIC_V4] });
    expect(await checkWebhookUrl(url, { allowPrivate: false, resolve })).toEqual({ ok: false, reason });
    expect(calls).toEqual([]);
  });

  test.each([
    ["http://metadata.google.internal./", reasons.metadata],
    ["http://metadata/computeMetadata/v1/", reasons.metadata],
    ["http://foo.localhost./", reasons.localName],
    ["http://localhost../", reasons.localName],
    ["http://ｌｏｃａｌｈｏｓｔ/", reasons.localName],
    ["http://printer.local/", reasons.localName],
    ["http://printer.LOCAL./", reasons.localName],
    ["http://db.internal/", reasons.localName],
    ["http://127.0.0.1./", reasons.notPublic],
    ["http://[::ffff:0:7f00:1]/", reasons.notPublic],
    ["http://[::127.0.0.1]/", reasons.notPublic],
    ["http://[fe80::1%25eth0]/", reasons.invalid],
    ["http://256.0.0.1/", reasons.invalid],
    ["not a url", reasons.invalid],
    ["", reasons.invalid],
    ["//example.com/hook", reasons.invalid],
    ["https://:secret@example.com/", reasons.userinfo],
    ["https://example.com/hook#", reasons.fragment],
    ["https://example.com/hook#section", reasons.fragment],
    ["http://exa\tmple.com/", reasons.controlChars],
    ["http://example.com/\u0000", reasons.controlChars],
    ["http://example.com/\u0085", reasons.controlChars],
  ])("also rejects %p", async (url, reason) => {
    const { resolve, calls } = fakeResolver({ "example.com": [PUBLIC_V4] });
    expect(await checkWebhookUrl(url, { allowPrivate: false, resolve })).toEqual({ ok: false, reason });
    expect(calls).toEqual([]);
  });

  test("accepts a URL of exactly 2048 characters", async () => {
    const url = `https://example.com/${"a".repeat(2048 - "https://example.com/".length)}`;
    const result = await checkWebhookUrl(url, { allowPrivate: false, resolve: publicResolve });
    expect(result.ok).toBe(true);
  });

  test.each([
    ["http://127.0.0.1.nip.io/", ["127.0.0.1"]],
    ["http://169.254.169.254.nip.io/", ["169.254.169.254"]],
    ["http://localtest.me/", ["127.0.0.1", "::1"]],
    ["http://7f000001.c0a80001.rbndr.us/", ["192.168.0.1"]],
    ["https://hooks.example.com/", ["10.0.0.7"]],
    ["https://hooks.example.com/", ["::ffff:127.0.0.1"]],
    ["https://hooks.example.com/", ["fd00::1"]],
    ["https://hooks.example.com/", ["0.0.0.0"]],
  ])("rejects %p when its name resolves to %p", async (url, answers) => {
    const { resolve } = fakeResolver({ [new URL(url).hostname]: answers });
    const result = await checkWebhookUrl(url, { allowPrivate: false, resolve });
    expect(result.ok).toBe(false);
  });

  test.each([
    [[PUBLIC_V4, "127.0.0.1"]],
    [["10.0.0.1", PUBLIC_V4]],
    [[PUBLIC_V6, "fd00:ec2::1"]],
    [[PUBLIC_V4, PUBLIC_V6, "::1"]],
  ])("rejects a name when only one of its answers %p is not public", async (answers) => {
    const { resolve } = fakeResolver({ "hooks.example.com": answers });
    expect(await checkWebhookUrl("https://hooks.example.com/", { allowPrivate: false, resolve })).toEqual({
      ok: false,
      reason: reasons.notPublic,
    });
  });

  test("says the address must be public without echoing it", async () => {
    const { resolve } = fakeResolver({ "hooks.example.com": ["10.1.2.3"] });
    const result = await checkWebhookUrl("https://hooks.example.com/", { allowPrivate: false, resolve });
    expect(result).toEqual({ ok: false, reason: "Webhook URL must resolve to a public internet address" });
  });

  test.each([
    ["the lookup fails", new Error("getaddrinfo ENOTFOUND")],
    ["the lookup times out", Object.assign(new Error("queryA ETIMEOUT"), { code: "ETIMEOUT" })],
  ])("fails closed when %s", async (_, error) => {
    const { resolve } = fakeResolver({ "hooks.example.com": error });
    expect(await checkWebhookUrl("https://hooks.example.com/", { allowPrivate: false, resolve })).toEqual({
      ok: false,
      reason: reasons.unresolvable,
    });
  });

  test.each([[[]], [["not-an-ip"]], [["127.1"]], [[PUBLIC_V4, ""]]])(
    "fails closed when the resolver answers %p",
    async (answers) => {
      const { resolve } = fakeResolver({ "hooks.example.com": answers });
      expect(await checkWebhookUrl("https://hooks.example.com/", { allowPrivate: true, resolve })).toEqual({
        ok: false,
        reason: reasons.unresolvable,
      });
    },
  );

  test.each([
    [PUBLIC_V4, PUBLIC_V4],
    [PUBLIC_V6, PUBLIC_V6],
    [`::ffff:${PUBLIC_V4}`, PUBLIC_V4],
  ])("accepts a name that resolves to the public address %p", async (answer, address) => {
    const { resolve, calls } = fakeResolver({ "hooks.example.com": [answer] });
    const result = await checkWebhookUrl("https://Hooks.Example.com/pinflow?token=1", {
      allowPrivate: false,
      resolve,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.url.href).toBe("https://hooks.example.com/pinflow?token=1");
    expect(result.addresses).toEqual([address]);
    expect(calls).toEqual(["hooks.example.com"]);
  });

  test("accepts a name with several public answers and returns them all", async () => {
    const { resolve } = fakeResolver({ "hooks.example.com": [PUBLIC_V4, PUBLIC_V6] });
    const result = await checkWebhookUrl("http://hooks.example.com:8080/", { allowPrivate: false, resolve });
    expect(result).toMatchObject({ ok: true, addresses: [PUBLIC_V4, PUBLIC_V6] });
  });

  test.each([
    [`http://${PUBLIC_V4}/hook`, PUBLIC_V4],
    [`https://[${PUBLIC_V6}]:8443/hook`, PUBLIC_V6],
    ["http://1572395042/hook", PUBLIC_V4],
  ])("accepts the public IP literal %p without asking DNS", async (url, address) => {
    const { resolve, calls } = fakeResolver({});
    const result = await checkWebhookUrl(url, { allowPrivate: false, resolve });
    expect(result).toMatchObject({ ok: true, addresses: [address] });
    expect(calls).toEqual([]);
  });

  describe("with allowPrivate", () => {
    test.each([
      ["http://127.0.0.1:5678/webhook", {}],
      ["http://192.168.1.20:5678/webhook/pinflow", {}],
      ["http://[fd12:3456::1]/", {}],
      ["http://localhost:5678/", { localhost: ["127.0.0.1"] }],
      ["http://n8n.local/", { "n8n.local": ["192.168.1.20"] }],
      ["http://n8n.internal/", { "n8n.internal": ["10.0.0.5"] }],
      ["https://n8n.home.arpa/", { "n8n.home.arpa": ["192.168.1.20", PUBLIC_V4] }],
    ])("accepts the homelab URL %p", async (url, table) => {
      const { resolve } = fakeResolver(table);
      expect((await checkWebhookUrl(url, { allowPrivate: true, resolve })).ok).toBe(true);
    });

    test.each([
      ["file:///etc/passwd", reasons.scheme],
      ["gopher://127.0.0.1:6379/_", reasons.scheme],
      ["ftp://192.168.1.20/", reasons.scheme],
      ["ws://192.168.1.20/", reasons.scheme],
      ["http://user:pass@192.168.1.20/", reasons.userinfo],
      ["http://evil.com@127.0.0.1/", reasons.userinfo],
      ["http://127.0.0.1/#frag", reasons.fragment],
      ["http://192.168.1.20/\r\nX: y", reasons.controlChars],
      ["http://169.254.169.254/latest/meta-data/", reasons.metadata],
      ["http://[::ffff:a9fe:a9fe]/", reasons.metadata],
      ["http://[fd00:ec2::254]/", reasons.metadata],
      ["http://metadata.google.internal/", reasons.metadata],
    ])("still rejects %p", async (url, reason) => {
      const { resolve } = fakeResolver({});
      expect(await checkWebhookUrl(url, { allowPrivate: true, resolve })).toEqual({ ok: false, reason });
    });

    test("still rejects a name that resolves to a cloud metadata address", async () => {
      const { resolve } = fakeResolver({ "metadata.attacker.example.com": ["169.254.169.254"] });
      const result = await checkWebhookUrl("http://metadata.attacker.example.com/", {
        allowPrivate: true,
        resolve,
      });
      expect(result).toEqual({ ok: false, reason: reasons.metadata });
    });

    test("still fails closed when resolution fails", async () => {
      const { resolve } = fakeResolver({});
      const result = await checkWebhookUrl("http://n8n.lan/", { allowPrivate: true, resolve });
      expect(result).toEqual({ ok: false, reason: reasons.unresolvable });
    });
  });
});

describe("pinnedFetch", () => {
  type Seen = { method: string; path: string; host: string | null; body: string };
  const seen: Seen[] = [];
  const sink = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req): Promise<Response> {
      const url = new URL(req.url);
      seen.push({
        method: req.method,
        path: url.pathname + url.search,
        host: req.headers.get("host"),
        body: await req.text(),
      });
      if (url.pathname === "/redirect")
        return Response.redirect(`http://127.0.0.1:${sink.port}/elsewhere`, 302);
      return Response.json({ received: true });
    },
  });
  const port = sink.port;
  const post = {
    method: "POST",
    body: '{"event":"pin.published"}',
    headers: { "content-type": "application/json" },
  };

  beforeEach(() => {
    seen.length = 0;
  });
  afterAll(() => sink.stop(true));

  test("delivers to the pinned address with the webhook's own Host header and resolves only once", async () => {
    // The test preload refuses any fetch to hooks.example, so reaching the sink proves the IP was dialled.
    const { resolve, calls } = fakeResolver({ "hooks.example.com": ["127.0.0.1"] });
    const res = await pinned(
      `http://hooks.example.com:${port}/hook?delivery=1`,
      { ...post, timeoutMs: 5000 },
      { allowPrivate: true, resolve },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true });
    expect(seen).toEqual([
      {
        method: "POST",
        path: "/hook?delivery=1",
        host: `hooks.example.com:${port}`,
        body: '{"event":"pin.published"}',
      },
    ]);
    expect(calls).toEqual(["hooks.example.com"]);
  });

  test("returns a 302 to the caller instead of following it", async () => {
    const { resolve } = fakeResolver({ "hooks.example.com": ["127.0.0.1"] });
    const res = await pinned(
      `http://hooks.example.com:${port}/redirect`,
      { ...post, redirect: "follow", timeoutMs: 5000 },
      { allowPrivate: true, resolve },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`http://127.0.0.1:${port}/elsewhere`);
    expect(seen.map((s) => s.path)).toEqual(["/redirect"]);
  });

  test("replaces a Host header given by the caller", async () => {
    const { resolve } = fakeResolver({ "hooks.example.com": ["127.0.0.1"] });
    await pinned(
      `http://hooks.example.com:${port}/hook`,
      { ...post, headers: { host: "internal.admin" }, timeoutMs: 5000 },
      { allowPrivate: true, resolve },
    );
    expect(seen.map((s) => s.host)).toEqual([`hooks.example.com:${port}`]);
  });

  test.each([
    ["a name that resolves to loopback", "http://hooks.example.com:PORT/hook", ["127.0.0.1"]],
    [
      "a name with one loopback answer among public ones",
      "http://hooks.example.com:PORT/hook",
      [PUBLIC_V4, "127.0.0.1"],
    ],
    ["a loopback literal", "http://127.0.0.1:PORT/hook", []],
    ["an octal loopback literal", "http://0177.0.0.1:PORT/hook", []],
    ["a mapped loopback literal", "http://[::ffff:127.0.0.1]:PORT/hook", []],
    ["localhost", "http://localhost:PORT/hook", ["127.0.0.1"]],
  ])("without allowPrivate blocks %s and sends nothing", async (_, template, answers) => {
    const { resolve } = fakeResolver({ "hooks.example.com": answers, localhost: answers });
    const url = template.replace("PORT", String(port));
    const error = await pinned(url, { ...post, timeoutMs: 5000 }, { allowPrivate: false, resolve }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SsrfBlockedError);
    expect(error).toMatchObject({ name: "SsrfBlockedError", kind: "blocked_ssrf" });
    expect(String((error as Error).message)).not.toContain("127.0.0.1");
    expect(seen).toEqual([]);
  });

  test("blocks a name that was public when saved but rebinds to 127.0.0.1 at delivery", async () => {
    const { resolve, calls } = sequenceResolver([PUBLIC_V4], ["127.0.0.1"]);
    const url = `http://rebind.example.com:${port}/hook`;
    const opts = { allowPrivate: false, resolve };
    expect(await checkWebhookUrl(url, opts)).toMatchObject({ ok: true, addresses: [PUBLIC_V4] });
    const error = await pinned(url, { ...post, timeoutMs: 5000 }, opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SsrfBlockedError);
    expect((error as Error).message).toBe(reasons.notPublic);
    expect(calls).toEqual(["rebind.example.com", "rebind.example.com"]);
    expect(seen).toEqual([]);
  });

  test("blocks when resolution fails at delivery and dials nothing", async () => {
    const { resolve } = fakeResolver({});
    let dialled = false;
    const fetch = (async () => {
      dialled = true;
      return new Response();
    }) as unknown as typeof globalThis.fetch;
    const error = await pinned(
      "https://gone.example.com/hook",
      { ...post, timeoutMs: 5000 },
      { allowPrivate: true, resolve, fetch },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SsrfBlockedError);
    expect((error as Error).message).toBe(reasons.unresolvable);
    expect(dialled).toBe(false);
  });

  test("rejects with a TimeoutError when resolution outlives the timeout", async () => {
    const resolve: Resolve = () => new Promise(() => {});
    const error = await pinned(
      "https://slow.example.com/hook",
      { ...post, timeoutMs: 10 },
      { allowPrivate: false, resolve },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "TimeoutError" });
  });

  describe("over https", () => {
    type Call = { url: string; init: BunFetchRequestInit };
    function recordingFetch() {
      const calls: Call[] = [];
      const fetch = (async (input: string | URL | Request, init?: BunFetchRequestInit) => {
        calls.push({ url: String(input), init: init ?? {} });
        return new Response("ok");
      }) as unknown as typeof globalThis.fetch;
      return { fetch, calls };
    }

    test.each([
      [PUBLIC_V4, `https://${PUBLIC_V4}/hook?x=1`],
      [PUBLIC_V6, `https://[${PUBLIC_V6}]/hook?x=1`],
    ])(
      "dials the resolved address %p and verifies TLS against the webhook's host name",
      async (answer, dialled) => {
        const { resolve } = fakeResolver({ "hooks.example.com.": [answer] });
        const { fetch, calls } = recordingFetch();
        await pinned(
          "https://hooks.example.com./hook?x=1",
          { ...post, timeoutMs: 5000 },
          { allowPrivate: false, resolve, fetch },
        );
        expect(calls).toHaveLength(1);
        const [call] = calls;
        expect(call?.url).toBe(dialled);
        expect(new Headers(call?.init.headers).get("host")).toBe("hooks.example.com.");
        expect(call?.init.tls?.serverName).toBe("hooks.example.com");
        expect(call?.init.redirect).toBe("manual");
        expect(call?.init.signal).toBeInstanceOf(AbortSignal);
      },
    );

    // A self-signed certificate for hooks.test only (no IP SAN), valid until 2126. Test fixture, not a secret.
    const cert = `-----BEGIN CERTIFICATE-----
MIIBlzCCAT6gAwIBAgIUbd8CRBhsTN+vNeNp8LtCJ8JRxfowCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKaG9va3MudGVzdDAgFw0yNjExMjgxNzQxNThaGA8yMTI2MTEw
NDE3NDE1OFowFTETMBEGA1UEAwwKaG9va3MudGVzdDBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABLeN4Wm8Z7yxD0vqHqUMy23Bl3Vf7Ul3pyVO3/4XYTpIIc75OXDS
tXJRXYIMmenGOTQU6D+E9t9YXwb/E9so+dqjajBoMB0GA1UdDgQWBBQm0v+XTH37
LgCIxEOpHMF1QG4rLTAfBgNVHSMEGDAWgBQm0v+XTH37LgCIxEOpHMF1QG4rLTAP
BgNVHRMBAf8EBTADAQH/MBUGA1UdEQQOMAyCCmhvb2tzLnRlc3QwCgYIKoZIzj0E
AwIDRwAwRAIgTZS9lx30RyMLz6jzW6Jnlo52JlPT0WqxIvvOjOaGCLwCIHBUpP60
61IaefsK879ya50F/bPbBxCn2FpN8CppRcur
-----END CERTIFICATE-----`;
    const key = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgy+g2p6tjAp261Ap0
sG+PRJZKL62ifzDr6W3AL+o/fj6hRANCAAS3jeFpvGe8sQ9L6h6lDMttwZd1X+1J
d6clTt/+F2E6SCHO+Tlw0rVyUV2CDJnpxjk0FOg/hPbfWF8G/xPbKPna
-----END PRIVATE KEY-----`;

    test("Bun verifies the certificate against tls.serverName while dialling 127.0.0.1", async () => {
      const hosts: Array<string | null> = [];
      const tlsSink = Bun.serve({
        hostname: "127.0.0.1",
        port: 0,
        tls: { cert, key },
        fetch(req) {
          hosts.push(req.headers.get("host"));
          return new Response("secure");
        },
      });
      try {
        const resolve: Resolve = async () => ["127.0.0.1"];
        const opts = { allowPrivate: true, resolve };
        const ok = await pinned(
          `https://hooks.test:${tlsSink.port}/hook`,
          { ...post, tls: { ca: cert }, timeoutMs: 5000 } as BunFetchRequestInit & { timeoutMs: number },
          opts,
        );
        expect(await ok.text()).toBe("secure");
        expect(hosts).toEqual([`hooks.test:${tlsSink.port}`]);

        // Same certificate and address, but a name the certificate does not cover: the handshake fails.
        const wrongName = await pinned(
          `https://other.test:${tlsSink.port}/hook`,
          { ...post, tls: { ca: cert }, timeoutMs: 5000 } as BunFetchRequestInit & { timeoutMs: number },
          opts,
        ).catch((e: unknown) => e);
        expect(wrongName).toMatchObject({ code: "ERR_TLS_CERT_ALTNAME_INVALID" });
        expect(hosts).toHaveLength(1);
      } finally {
        tlsSink.stop(true);
      }
    });
  });
});

describe("isLocalHost: one rule for hosts only this network can reach", () => {
  test.each([
    "localhost",
    "nas",
    "pinflow.lan",
    "router.home",
    "printer.local",
    "db.internal",
    "box.localdomain",
    "site.test",
    "127.0.0.1",
    "[::1]",
    "192.168.1.20",
    "10.0.0.5",
  ])("%s is local", (host) => expect(isLocalHost(host)).toBe(true));

  test.each(["example.com", "pinflow.example.com.", "93.184.216.34", "[2606:2800:220:1:248:1893:25c8:1946]"])(
    "%s is not",
    (host) => expect(isLocalHost(host)).toBe(false),
  );
});
