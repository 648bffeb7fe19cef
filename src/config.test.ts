import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import {
  CONFIG_ENTRIES,
  type ConfigEntry,
  ConfigError,
  parseConfig,
  parseDurations,
  parseLocalUrl,
  publicLink,
  publicPath,
  withPort,
} from "./config";

describe("configuration", () => {
  test("an empty environment gives the documented defaults in emulator mode", () => {
    const c = parseConfig({});
    expect(c.host).toBe("127.0.0.1");
    expect(c.port).toBe(8080);
    expect(c.dataDir).toBe("./data");
    expect(c.publicUrl).toBe("http://127.0.0.1:8080");
    expect(c.mode).toBe("emulator");
    expect(c.publishRetryDelays).toEqual([60_000, 600_000]);
    expect(c.webhookRetryDelays).toHaveLength(7);
    expect(c.rateLimits).toBe("on");
    expect(c.webhookAllowPrivate).toBe(false);
  });

  test("an invalid port stops start-up with one line naming the variable", () => {
    expect(() => parseConfig({ PINFLOW_PORT: "abc" })).toThrow(ConfigError);
    expect(() => parseConfig({ PINFLOW_PORT: "abc" })).toThrow(
      /^Invalid PINFLOW_PORT="abc": expected a whole number/,
    );
    expect(() => parseConfig({ PINFLOW_PORT: "70000" })).toThrow(/PINFLOW_PORT/);
  });

  test("flags win over env vars and PORT is accepted as a fallback", () => {
    expect(parseConfig({ PORT: "9001" }).port).toBe(9001);
    expect(parseConfig({ PINFLOW_PORT: "9002", PORT: "9001" }).port).toBe(9002);
    expect(parseConfig({ PINFLOW_PORT: "9002" }, { port: "9003" }).port).toBe(9003);
    expect(() => parseConfig({}, { port: "x" })).toThrow(/^Invalid --port="x"/);
  });

  test("the public URL defaults to host and port and loses a trailing slash", () => {
    expect(parseConfig({ PINFLOW_PORT: "9000" }).publicUrl).toBe("http://127.0.0.1:9000");
    expect(parseConfig({ PINFLOW_PUBLIC_URL: "https://pins.example.com/" }).publicUrl).toBe(
      "https://pins.example.com",
    );
    expect(() => parseConfig({ PINFLOW_PUBLIC_URL: "pins.example.com" })).toThrow(/PINFLOW_PUBLIC_URL/);
  });

  test("the base path is none by default, and gets one leading slash and no trailing one", () => {
    expect(parseConfig({}).basePath).toBe("");
    expect(parseConfig({ PINFLOW_BASE_PATH: "/pinflow" }).basePath).toBe("/pinflow");
    expect(parseConfig({ PINFLOW_BASE_PATH: "pinflow/" }).basePath).toBe("/pinflow");
    expect(parseConfig({ PINFLOW_BASE_PATH: " /apps/pin-flow_2// " }).basePath).toBe("/apps/pin-flow_2");
    expect(parseConfig({ PINFLOW_BASE_PATH: "/" }).basePath).toBe("");
    expect(parseConfig({}, { "base-path": "/p" }).basePath).toBe("/p");
  });

  test("a base path that is no plain path stops start-up with one line naming the variable", () => {
    for (const bad of [
      "/a//b",
      "/a/../b",
      "/./a",
      "/pin flow",
      "/pin%20flow",
      "/a?b",
      "/a#b",
      "https://x.org/a",
    ]) {
      expect(() => parseConfig({ PINFLOW_BASE_PATH: bad })).toThrow(
        new RegExp(
          `^Invalid PINFLOW_BASE_PATH=${JSON.stringify(bad).replace(/[?.]/g, "\\$&")}: expected a path like /pinflow`,
        ),
      );
    }
    expect(() => parseConfig({}, { "base-path": "/a//b" })).toThrow(/^Invalid --base-path="\/a\/\/b"/);
  });

  test("the public URL ends with the base path: added to one without a path, taken from one with a path", () => {
    const at = (env: Record<string, string>) => {
      const c = parseConfig(env);
      return { basePath: c.basePath, publicUrl: c.publicUrl };
    };
    expect(at({ PINFLOW_BASE_PATH: "/pinflow" })).toEqual({
      basePath: "/pinflow",
      publicUrl: "http://127.0.0.1:8080/pinflow",
    });
    expect(at({ PINFLOW_PUBLIC_URL: "https://example.org", PINFLOW_BASE_PATH: "/pinflow" })).toEqual({
      basePath: "/pinflow",
      publicUrl: "https://example.org/pinflow",
    });
    expect(at({ PINFLOW_PUBLIC_URL: "https://example.org/pinflow/" })).toEqual({
      basePath: "/pinflow",
      publicUrl: "https://example.org/pinflow",
    });
    expect(at({ PINFLOW_PUBLIC_URL: "https://example.org/pinflow", PINFLOW_BASE_PATH: "pinflow" })).toEqual({
      basePath: "/pinflow",
      publicUrl: "https://example.org/pinflow",
    });
    expect(() =>
      parseConfig({ PINFLOW_PUBLIC_URL: "https://example.org/pins", PINFLOW_BASE_PATH: "/pinflow" }),
    ).toThrow(/^PINFLOW_PUBLIC_URL ends with \/pins but PINFLOW_BASE_PATH is \/pinflow/);
    expect(() => parseConfig({ PINFLOW_PUBLIC_URL: "https://example.org/a%20b" })).toThrow(
      /^Invalid PINFLOW_PUBLIC_URL="https:\/\/example.org\/a%20b": its path must be a path like/,
    );
  });

  test("a port chosen at start-up keeps the base path in the default public URL", () => {
    const c = withPort(parseConfig({ PINFLOW_PORT: "0", PINFLOW_BASE_PATH: "/pinflow" }), 4321);
    expect(c.publicUrl).toBe("http://127.0.0.1:4321/pinflow");
    expect(publicPath(c, "/auth/login")).toBe("/pinflow/auth/login");
    expect(publicLink(c, "/auth/callback")).toBe("http://127.0.0.1:4321/pinflow/auth/callback");
  });

  test("both Pinterest credentials switch to pinterest mode; one alone is an error", () => {
    const both = { PINFLOW_PINTEREST_CLIENT_ID: "123", PINFLOW_PINTEREST_CLIENT_SECRET: "s" };
    expect(parseConfig(both).mode).toBe("pinterest");
    expect(parseConfig({ ...both, PINFLOW_EMULATOR: "true" }).mode).toBe("emulator");
    expect(() => parseConfig({ PINFLOW_PINTEREST_CLIENT_ID: "123" })).toThrow(/both/);
  });

  test("emulator mode refuses a non-loopback address unless forced, and false requires credentials", () => {
    expect(() => parseConfig({ PINFLOW_HOST: "0.0.0.0" })).toThrow(/Refusing emulator mode/);
    expect(parseConfig({ PINFLOW_HOST: "0.0.0.0", PINFLOW_EMULATOR: "true" }).mode).toBe("emulator");
    expect(() => parseConfig({ PINFLOW_EMULATOR: "false" })).toThrow(/no Pinterest app/);
  });

  test("durations, booleans, CIDR lists and the secret are validated", () => {
    expect(parseDurations("10s,1m,2h,1d,250ms")).toEqual([10_000, 60_000, 7_200_000, 86_400_000, 250]);
    expect(parseDurations("10x")).toBeNull();
    expect(() => parseConfig({ PINFLOW_WEBHOOK_RETRY_DELAYS: "soon" })).toThrow(
      /PINFLOW_WEBHOOK_RETRY_DELAYS/,
    );
    expect(parseConfig({ PINFLOW_WEBHOOK_ALLOW_PRIVATE: "TRUE" }).webhookAllowPrivate).toBe(true);
    expect(() => parseConfig({ PINFLOW_WEBHOOK_ALLOW_PRIVATE: "maybe" })).toThrow(/expected true or false/);
    expect(parseConfig({ PINFLOW_TRUST_PROXY: "10.0.0.0/8, ::1" }).trustProxy).toEqual(["10.0.0.0/8", "::1"]);
    expect(() => parseConfig({ PINFLOW_TRUST_PROXY: "proxy.local" })).toThrow(/PINFLOW_TRUST_PROXY/);
    expect(() => parseConfig({ PINFLOW_SECRET: "short" })).toThrow(/at least 32/);
    expect(() => parseConfig({ PINFLOW_LOG_LEVEL: "loud" })).toThrow(/PINFLOW_LOG_LEVEL/);
  });

  test("an invalid secret is named with its rule, and its value never appears in the error", () => {
    const attempts: Array<[Record<string, string>, Record<string, string>, RegExp]> = [
      [
        { PINFLOW_SECRET: "short-secret-value" },
        {},
        /^Invalid PINFLOW_SECRET: must be at least 32 characters$/,
      ],
      [{}, { secret: "short-secret-value" }, /^Invalid --secret: must be at least 32 characters$/],
      [
        { PINFLOW_PINTEREST_CLIENT_ID: "1", PINFLOW_PINTEREST_CLIENT_SECRET: "   " },
        {},
        /^Invalid PINFLOW_PINTEREST_CLIENT_SECRET: must not be empty$/,
      ],
    ];
    for (const [env, flags, message] of attempts) {
      let error: unknown;
      try {
        parseConfig(env, flags);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain("short-secret-value");
    }
  });

  test("every setting whose name says it is a secret is marked secret", () => {
    for (const entry of Object.values(CONFIG_ENTRIES) as ConfigEntry[]) {
      if (entry.env.some((name) => /SECRET|PASSWORD|TOKEN|DATABASE_URL|ACCESS_KEY/.test(name))) {
        expect({ env: entry.env, secret: entry.secret }).toEqual({ env: entry.env, secret: true });
      }
    }
  });

  test("the local address for a health probe follows host and port, asks loopback for a wildcard bind, and ignores the rest", () => {
    expect(parseLocalUrl({})).toBe("http://127.0.0.1:8080");
    expect(parseLocalUrl({ PINFLOW_HOST: "0.0.0.0", PORT: "9000" })).toBe("http://127.0.0.1:9000");
    expect(parseLocalUrl({ PINFLOW_HOST: "::" }, { port: "81" })).toBe("http://[::1]:81");
    expect(parseLocalUrl({ PINFLOW_HOST: "10.1.2.3" })).toBe("http://10.1.2.3:8080");
    // emulator refusal and other settings are the server's business, not the probe's
    expect(parseLocalUrl({ PINFLOW_HOST: "0.0.0.0", PINFLOW_SECRET: "short" })).toBe("http://127.0.0.1:8080");
    expect(() => parseLocalUrl({ PINFLOW_PORT: "http" })).toThrow(/^Invalid PINFLOW_PORT="http"/);
  });

  test("the health probe asks under the base path, whether it is set or comes from the public URL", () => {
    expect(parseLocalUrl({ PINFLOW_BASE_PATH: "pinflow/" })).toBe("http://127.0.0.1:8080/pinflow");
    expect(parseLocalUrl({ PINFLOW_PUBLIC_URL: "https://example.org/pinflow", PORT: "9000" })).toBe(
      "http://127.0.0.1:9000/pinflow",
    );
    expect(() => parseLocalUrl({ PINFLOW_BASE_PATH: "/a//b" })).toThrow(/^Invalid PINFLOW_BASE_PATH/);
  });

  test("no S3 setting means the upload folder; the bucket with both keys means S3, with AWS defaults", () => {
    expect(parseConfig({}).s3).toBeNull();
    const keys = { PINFLOW_S3_ACCESS_KEY_ID: "AKIA1", PINFLOW_S3_SECRET_ACCESS_KEY: "s3cret" };
    expect(parseConfig({ PINFLOW_S3_BUCKET: "pins", ...keys }).s3).toEqual({
      bucket: "pins",
      endpoint: "https://s3.us-east-1.amazonaws.com",
      region: "us-east-1",
      accessKeyId: "AKIA1",
      secretAccessKey: "s3cret",
      prefix: "",
      serve: "proxy",
    });
    const minio = parseConfig({
      PINFLOW_S3_BUCKET: "pins",
      PINFLOW_S3_ENDPOINT: "http://127.0.0.1:9000/",
      PINFLOW_S3_REGION: "eu-west-3",
      PINFLOW_S3_PREFIX: "/pinflow/uploads/",
      PINFLOW_S3_SERVE: "redirect",
      ...keys,
    }).s3;
    expect(minio).toMatchObject({
      endpoint: "http://127.0.0.1:9000",
      region: "eu-west-3",
      prefix: "pinflow/uploads",
      serve: "redirect",
    });
  });

  test("the S3 settings come together: none without the bucket, the bucket not without both keys", () => {
    expect(() => parseConfig({ PINFLOW_S3_ENDPOINT: "http://127.0.0.1:9000" })).toThrow(
      /^PINFLOW_S3_ENDPOINT is set but PINFLOW_S3_BUCKET is not/,
    );
    expect(() => parseConfig({ PINFLOW_S3_SERVE: "redirect" })).toThrow(/PINFLOW_S3_SERVE is set/);
    expect(() => parseConfig({ PINFLOW_S3_BUCKET: "pins" })).toThrow(
      /PINFLOW_S3_BUCKET needs PINFLOW_S3_ACCESS_KEY_ID and PINFLOW_S3_SECRET_ACCESS_KEY/,
    );
    expect(() => parseConfig({ PINFLOW_S3_BUCKET: "pins", PINFLOW_S3_ACCESS_KEY_ID: "AKIA1" })).toThrow(
      /needs/,
    );
    const keys = { PINFLOW_S3_ACCESS_KEY_ID: "AKIA1", PINFLOW_S3_SECRET_ACCESS_KEY: "s3cret" };
    expect(() => parseConfig({ PINFLOW_S3_BUCKET: "no/slash", ...keys })).toThrow(/PINFLOW_S3_BUCKET/);
    expect(() => parseConfig({ PINFLOW_S3_BUCKET: "pins", PINFLOW_S3_PREFIX: "a/../b", ...keys })).toThrow(
      /PINFLOW_S3_PREFIX/,
    );
    expect(() =>
      parseConfig({ PINFLOW_S3_BUCKET: "pins", PINFLOW_S3_ENDPOINT: "minio:9000", ...keys }),
    ).toThrow(/PINFLOW_S3_ENDPOINT/);
  });

  test("the S3 keys are secrets: an error about them never shows their value", () => {
    expect(CONFIG_ENTRIES.s3SecretAccessKey.secret).toBe(true);
    expect(CONFIG_ENTRIES.s3AccessKeyId.secret).toBe(true);
    expect(() => parseConfig({}, { "s3-secret-access-key": "   " })).toThrow(
      /^Invalid --s3-secret-access-key: must not be empty$/,
    );
  });

  test("the README's configuration table lists every entry with its flag", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    for (const entry of Object.values(CONFIG_ENTRIES)) {
      for (const env of entry.env) expect(readme).toContain(`\`${env}\``);
      expect(readme).toContain(`\`--${entry.flag}\``);
    }
  });
});
