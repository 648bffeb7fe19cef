/**
 * The dashboard bundle. The compiled binary carries it inside (build.ts bundles src/web/client and passes the
 * files in through `define`); running from source bundles it once at start-up with Bun.build (a few ms).
 * Either way it is served from memory: nothing beside the executable is needed.
 */
import { join } from "node:path";

export interface WebAsset {
  body: Uint8Array<ArrayBuffer>;
  type: string;
  /** The same bytes gzipped once at start-up, for browsers that accept it (scripts, styles, the page). */
  gzip: Uint8Array<ArrayBuffer> | null;
}

const COMPRESSIBLE = /^(text\/|application\/(javascript|json)|image\/svg)/;

/** path ("/index.html", "/assets/app-1a2b.js") → file */
export type WebAssets = Map<string, WebAsset>;

declare const PINFLOW_EMBEDDED_WEB: string | undefined;

export const WEB_ENTRY = join(import.meta.dir, "client", "index.html");

/** Bun.build options shared by start-up bundling and build.ts, so both produce the same files. */
export const WEB_BUILD_OPTIONS: Bun.BuildConfig = {
  entrypoints: [WEB_ENTRY],
  minify: true,
  publicPath: "/assets/",
  naming: { entry: "[name].[ext]", chunk: "[name]-[hash].[ext]", asset: "[name]-[hash].[ext]" },
  define: { "process.env.NODE_ENV": JSON.stringify("production") },
};

export async function bundleWeb(): Promise<
  Array<{ path: string; type: string; body: Uint8Array<ArrayBuffer> }>
> {
  const result = await Bun.build(WEB_BUILD_OPTIONS);
  if (!result.success) throw new AggregateError(result.logs, "the dashboard did not bundle");
  return Promise.all(
    result.outputs.map(async (o) => {
      const name = o.path.replace(/^\.\//, "");
      const path = name === "index.html" ? "/index.html" : `/assets/${name}`;
      return { path, type: o.type, body: new Uint8Array(await o.arrayBuffer()) };
    }),
  );
}

let loading: Promise<WebAssets> | null = null;

export function loadWebAssets(): Promise<WebAssets> {
  loading ??= (async () => {
    const files =
      typeof PINFLOW_EMBEDDED_WEB === "string"
        ? (JSON.parse(PINFLOW_EMBEDDED_WEB) as Array<{ path: string; type: string; base64: string }>).map(
            (f) => ({
              path: f.path,
              type: f.type,
              body: Uint8Array.from(Buffer.from(f.base64, "base64")),
            }),
          )
        : await bundleWeb();
    return new Map(
      files.map((f) => [
        f.path,
        {
          body: f.body,
          type: f.type,
          gzip: COMPRESSIBLE.test(f.type) ? new Uint8Array(Bun.gzipSync(f.body, { level: 9 })) : null,
        },
      ]),
    );
  })();
  return loading;
}
