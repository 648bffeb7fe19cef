import { afterAll, afterEach, beforeEach, setDefaultTimeout } from "bun:test";

/**
 * Preloaded before every test file (bunfig.toml). Tests may only talk to this machine: any fetch to
 * another host fails loudly instead of leaving the sandbox.
 */
const realFetch = globalThis.fetch;
const LOCAL = new Set(["localhost", "127.0.0.1", "[::1]"]);

const guardedFetch = ((input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!LOCAL.has(url.hostname)) {
    return Promise.reject(new Error(`test tried to reach ${url.host}: tests must stay on 127.0.0.1`));
  }
  return realFetch(input, init);
}) as typeof fetch;
globalThis.fetch = Object.assign(guardedFetch, { preconnect: realFetch.preconnect });

// A test is judged by what it checks, never by how fast a loaded machine runs it: the default 5 s per
// test failed browser and process tests when the other core was busy.
setDefaultTimeout(30_000);

// The PostgreSQL pass (PINFLOW_TEST_DB=postgres): each test's databases are dropped a few tests after it
// ends, and the run's own server is stopped at the end (testing/postgres.ts).
if (process.env.PINFLOW_TEST_DB === "postgres") {
  const { testStarted, testFinished, stopTestPostgres } = await import("./postgres");
  beforeEach(() => testStarted());
  afterEach(() => testFinished());
  afterAll(() => stopTestPostgres());
}
