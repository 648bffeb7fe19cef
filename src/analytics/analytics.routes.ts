import { Elysia } from "elysia";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { responses } from "../http/responses";
import { IdParams } from "../shared/schema";
import {
  MAX_RANGE_DAYS,
  PinAnalyticsSchema,
  RangeQuery,
  SuggestionsQuery,
  SuggestionsSchema,
  SummaryQuery,
  SummarySchema,
} from "./analytics.schema";
import * as service from "./analytics.service";

const tags = ["Analytics"];
const PERIOD = `\`from\` and \`to\` are UTC days (YYYY-MM-DD, both included; default: the 30 days up to today), at most ${MAX_RANGE_DAYS} days apart.`;

/** Pinterest's numbers as PinFlow keeps them: a pin's series, a profile's summary, and suggested posting times. */
export const analyticsRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "analytics" })
    .use(auth)
    .get(
      "/pins/:id/analytics",
      ({ caller, params, query }) => service.pinAnalytics(deps, caller.user, params.id, query),
      {
        auth: "approved",
        params: IdParams,
        query: RangeQuery,
        detail: {
          summary: "A pin's daily Pinterest metrics",
          tags,
          description: `Impressions, saves, pin clicks and outbound clicks per day, as Pinterest reported them to PinFlow's daily fetch. PinFlow keeps every day it fetched, so the history goes back further than Pinterest's own 90 days. A day Pinterest has no numbers for yet (today, usually) is absent. ${PERIOD}`,
        },
        response: responses({ 200: PinAnalyticsSchema }, 401, 403, 404, 422, 429),
      },
    )
    .get(
      "/analytics/summary",
      ({ caller, query }) => service.summary(deps, caller.user, { ...query, profileId: query.profile_id }),
      {
        auth: "approved",
        query: SummaryQuery,
        detail: {
          summary: "Analytics summary of a Pinterest account",
          tags,
          description: `For the selected profile (or \`profile_id\`): totals of the pins PinFlow published and of the whole account, both per day, the top pins by each metric (\`limit\`, default 5) and the totals per board. \`availability\` says whether Pinterest gives this account analytics at all (a sandbox account or access without the scopes does not) and when PinFlow last fetched them. ${PERIOD}`,
        },
        response: responses({ 200: SummarySchema }, 401, 403, 404, 409, 422, 429),
      },
    )
    .get(
      "/profiles/:id/schedule/suggestions",
      ({ caller, params, query }) => service.suggestions(deps, caller.user, params.id, query),
      {
        auth: "approved",
        params: IdParams,
        query: SuggestionsQuery,
        detail: {
          summary: "Suggested posting slots from your own history",
          tags,
          description:
            "Weekly slots (`day`, `time` in your time zone, as PUT /profiles/{id}/schedule takes them) at the hours and weekdays whose pins earned the most saves and clicks in their first 14 days. With fewer than 10 such pins, Pinterest's usual good times instead: `basis` says which and `message` why. `count` slots (default: as many as the schedule has, else 7).",
        },
        response: responses({ 200: SuggestionsSchema }, 401, 403, 404, 422, 429),
      },
    );
