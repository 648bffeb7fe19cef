import { Elysia } from "elysia";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { responses } from "../http/responses";
import { PinSchema } from "../pins/pins.schema";
import { IdParams } from "../shared/schema";
import { publishNow } from "./publishing.now";

export const publishingRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "publishing" })
    .use(auth)
    .post("/pins/:id/publish", ({ caller, params }) => publishNow(deps, caller.user, params.id), {
      auth: "approved",
      params: IdParams,
      detail: {
        summary: "Publish a pin immediately",
        tags: ["Pins"],
        description:
          "No body required. Overrides `scheduled_at` and pushes the pin to Pinterest right now; answers with the published pin. 409 if it is already publishing or published; 502 if Pinterest refused or did not answer (a transient failure leaves the pin queued for an automatic retry).",
      },
      response: responses({ 200: PinSchema }, 401, 403, 404, 409, 422, 429, 502),
    });
