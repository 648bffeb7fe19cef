import { defineError } from "../http/errors";

/** Publish-now: Pinterest refused the pin or did not answer; the detail is why. */
export const pinterestRefused = defineError("publishing.refused", 502, (why: string) => why);
