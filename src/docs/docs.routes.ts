/** /openapi.json and /docs, built once from the fully mounted app (routes never change after start-up). */
import { type AnyElysia, Elysia } from "elysia";
import type { Deps } from "../deps";
import { htmlResponse } from "../http/html";
import { type OpenApiDocument, openApiDocument } from "./docs.openapi";
import { docsPage } from "./docs.page";

/** `api` is the root app: the document describes every route mounted on it by the time it is asked for. */
export const docsRoutes = (deps: Pick<Deps, "config">, api: AnyElysia) => {
  let doc: OpenApiDocument | null = null;
  let page: string | null = null;
  const document = () => {
    doc ??= openApiDocument(api, deps.config);
    return doc;
  };
  return new Elysia({ name: "docs" })
    .get("/openapi.json", () => document(), { detail: { hide: true } })
    .get(
      "/docs",
      () => {
        page ??= docsPage({
          publicUrl: deps.config.publicUrl,
          basePath: deps.config.basePath,
          doc: document(),
        });
        return htmlResponse(page);
      },
      { detail: { hide: true } },
    );
};
