/**
 * Where PinFlow explains Pinterest's access tiers: the README section "Getting Standard access", served on
 * the instance as a section of /docs. The server writes it into the error of a publish refused for Trial
 * access (403 code 29); the dashboard recognises the title and links to the section. No imports: the browser
 * bundle includes this file.
 */
export const STANDARD_ACCESS = {
  title: "Getting Standard access",
  anchor: "getting-standard-access",
  /** Under the instance's /docs (behind PINFLOW_BASE_PATH when there is one). */
  hash: "#getting-standard-access",
} as const;

export const PINTEREST_SANDBOX_API_URL = "https://api-sandbox.pinterest.com/v5";
