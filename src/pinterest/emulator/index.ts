/**
 * The Pinterest emulator: a faithful stand-in for the slice of Pinterest API v5 that PinFlow uses (OAuth
 * consent page and token endpoint, user account, boards (list, create), board sections (list, create), board
 * pins, pin create/get/delete — image and video —, video uploads (register, upload, status), and pin and
 * account analytics), held to
 * Pinterest's OpenAPI description (../spec/openapi-v5.json) and to docs/pinterest-api-notes.md. It runs
 * in-process for tests (`app.handle` / `fetch`), standalone (`pinflow emulator`), or mounted inside PinFlow
 * (basePath "/emulator/pinterest") in emulator mode. See docs/emulator.md.
 *
 * Files: emulator.app.ts (routes), emulator.oauth.ts (consent checks, codes, tokens), emulator.resources.ts
 * (account, boards, sections, pins), emulator.boards.ts (demo + created boards and sections), emulator.media.ts
 * (video uploads), emulator.analytics.ts (made-up but deterministic metrics), emulator.pages.ts (HTML),
 * emulator.faults.ts (knobs), emulator.state.ts (data +
 * persistence), emulator.seed.ts (demo accounts), emulator.http.ts (answers, errors, waits).
 */
import type { Clock } from "../../shared/clock";
import type { Logger } from "../../shared/log";
import { createEmulatorApp, type EmulatorApp } from "./emulator.app";
import { createFaults, type EmulatorFaults } from "./emulator.faults";
import { createWaits } from "./emulator.http";
import { checkAuthorizeRequest, expireAccessTokens, issueCode, type OAuthConfig } from "./emulator.oauth";
import { DEMO_ACCOUNTS, type DemoAccount, findAccount } from "./emulator.seed";
import { type MediaRecord, openStore, type PinRecord } from "./emulator.state";

export type { EmulatorApp } from "./emulator.app";
export type { EmulatorFaults, FailureSpec, FaultSettings, RandomFaultKind } from "./emulator.faults";
export { MAX_VIDEO_BYTES } from "./emulator.media";
export type { DemoAccount, DemoBoard } from "./emulator.seed";
export type { MediaRecord } from "./emulator.state";

export const EMULATOR_CLIENT_ID = "1500000";
export const EMULATOR_CLIENT_SECRET = "emulator-secret";

export interface EmulatorOptions {
  /** Token expiry, code expiry and created_at come from it. */
  clock: Clock;
  clientId?: string;
  clientSecret?: string;
  /** Exact allow-list, or any http(s) URL on 127.0.0.1/localhost/[::1]. */
  redirectUris: string[] | "loopback";
  /** Where its routes are: "" standalone; "/emulator/pinterest" when mounted inside PinFlow. */
  basePath?: string;
  /**
   * Where browsers reach them, for its pages' links and its media URLs: basePath (the default), or with
   * PinFlow's PINFLOW_BASE_PATH in front ("/pinflow/emulator/pinterest"), which PinFlow takes off before the
   * emulator sees a request.
   */
  publicPath?: string;
  /** SQLite file for persistence; absent = memory only. */
  statePath?: string;
  /** Expose the /_emulator control endpoints (standalone and tests: yes; mounted in PinFlow: no). */
  controlApi?: boolean;
  /** Where unexpected errors are logged (default: console.error). */
  log?: Logger;
  /** The dice of the random error rate (default Math.random); tests pass a fixed sequence. */
  random?: () => number;
}

/** A pin as the emulator stored it, deleted ones included (`deletedAt`), with the bytes of a base64 image. */
export interface EmulatorPin extends PinRecord {
  bytes: Uint8Array | null;
}

export interface Emulator {
  /** Routes under basePath; usable via app.handle, and .use() into PinFlow's app. */
  app: EmulatorApp;
  /**
   * Routes any URL to app.handle in-process (the host is ignored; a path under publicPath is taken as under
   * basePath), so a client needs no socket.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  accounts(): DemoAccount[];
  /** Test shortcut for the consent page: the code Pinterest would put in the redirect after "Allow". */
  authorize(input: { accountId: string; redirectUri: string; scope: string; state?: string }): string;
  /** Everything created, for assertions (duplicates included; deleted pins too, with deletedAt set). */
  pins(filter?: { boardId?: string; accountId?: string }): EmulatorPin[];
  /** Every registered media upload, with how many times bytes arrived for it (`uploads`). */
  mediaUploads(): MediaRecord[];
  faults: EmulatorFaults;
  /** Resolves once a request is held by a hang or latency fault (so tests never wait on the clock). */
  untilHeld(): Promise<void>;
  /** Releases hanging requests and closes the state file. */
  close(): void;
}

export function createEmulator(opts: EmulatorOptions): Emulator {
  const basePath = (opts.basePath ?? "").replace(/\/+$/, "");
  const publicPath = (opts.publicPath ?? basePath).replace(/\/+$/, "");
  const oauth: OAuthConfig = {
    clock: opts.clock,
    clientId: opts.clientId ?? EMULATOR_CLIENT_ID,
    clientSecret: opts.clientSecret ?? EMULATOR_CLIENT_SECRET,
    redirectUris: opts.redirectUris,
  };
  const store = openStore(opts.statePath);
  const waits = createWaits();
  const faults = createFaults({
    expireAccessTokens: () => expireAccessTokens(store, opts.clock.now()),
    random: opts.random ?? Math.random,
  });

  const accounts = (): DemoAccount[] => structuredClone([...DEMO_ACCOUNTS]);
  const pins = (filter: { boardId?: string; accountId?: string } = {}): EmulatorPin[] =>
    [...store.pins.values()]
      .filter(
        (pin) =>
          (filter.boardId === undefined || pin.boardId === filter.boardId) &&
          (filter.accountId === undefined || pin.accountId === filter.accountId),
      )
      .map((pin) => ({ ...structuredClone(pin), bytes: store.media(pin.id)?.bytes ?? null }));

  const app = createEmulatorApp({
    basePath,
    publicPath,
    controlApi: opts.controlApi ?? false,
    oauth,
    store,
    faults,
    waits,
    log: opts.log,
    snapshot: () => ({
      accounts: accounts(),
      pins: pins().map(({ bytes: _bytes, ...pin }) => pin),
      faults: faults.get(),
    }),
    reset: () => {
      waits.releaseAll();
      store.reset();
      faults.reset();
    },
  });

  return {
    app,
    async fetch(input, init) {
      const original = input instanceof Request ? new Request(input, init) : new Request(input, init);
      const url = new URL(original.url);
      // Elysia finds the path after the host by position; a very short host name would confuse it.
      if (url.hostname.length < 4) url.host = "localhost";
      // A public URL (PinFlow's API URL for it) reaches the routes as the edge would pass it on.
      if (publicPath !== basePath && url.pathname.startsWith(`${publicPath}/`)) {
        url.pathname = `${basePath}${url.pathname.slice(publicPath.length)}`;
      }
      const signal = original.signal;
      const hasBody = original.method !== "GET" && original.method !== "HEAD";
      if (signal.aborted) throw signal.reason;
      // The body passes as a stream: a video upload is never held whole.
      const request = new Request(url, {
        method: original.method,
        headers: original.headers,
        body: hasBody ? original.body : undefined,
        signal,
        duplex: "half",
      } as RequestInit);
      // Like a real fetch: the caller's abort rejects at once, even while the emulator hangs on purpose.
      return new Promise<Response>((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
        app.handle(request).then(
          (response) => {
            signal.removeEventListener("abort", onAbort);
            resolve(response);
          },
          (err: unknown) => {
            signal.removeEventListener("abort", onAbort);
            reject(err);
          },
        );
      });
    },
    accounts,
    authorize(input) {
      const params = new URLSearchParams({
        client_id: oauth.clientId,
        redirect_uri: input.redirectUri,
        response_type: "code",
        scope: input.scope,
      });
      const check = checkAuthorizeRequest(params, oauth);
      if (!check.ok) throw new Error(`emulator.authorize: ${check.message}`);
      if (!findAccount(input.accountId))
        throw new Error(`emulator.authorize: no demo account ${input.accountId}`);
      return issueCode(store, oauth, {
        clientId: oauth.clientId,
        redirectUri: input.redirectUri,
        accountId: input.accountId,
        scopes: check.request.scopes,
      });
    },
    pins,
    mediaUploads: () => structuredClone([...store.uploads.values()]),
    faults,
    untilHeld: () => waits.untilHeld(),
    close() {
      waits.releaseAll();
      store.close();
    },
  };
}
