/**
 * What the API says, said for people. The API speaks to scripts ("media_url: Input should be a valid http(s)
 * URL"); the dashboard shows each problem in plain words, next to the field it concerns. Messages nobody
 * has translated yet pass through, minus the API's field prefixes.
 */

/** What a field is called on screen. */
export const FIELD_NAMES: Record<string, string> = {
  board_id: "board",
  board_ids: "boards",
  media_url: "image",
  title: "title",
  description: "description",
  link: "link",
  alt_text: "alt text",
  scheduled_at: "publishing time",
  interval_days: "days between",
  timezone: "time zone",
  slots: "posting times",
  min_spacing_days: "spacing",
  url: "URL",
  name: "name",
  event: "event",
  secret: "secret",
  daily_pin_limit: "daily limit",
  monthly_pin_limit: "monthly limit",
  file: "file",
};

/** What to say when a required field is missing. */
const REQUIRED: Record<string, string> = {
  board_id: "Choose a board for this pin.",
  board_ids: "Choose at least two boards.",
  media_url: "Add an image first: drop one here or choose a file.",
  scheduled_at: "Pick the date and time to publish at.",
  url: "Enter the address PinFlow should send events to.",
  name: "Give it a name.",
  file: "Choose an image file.",
};

const sentence = (s: string) => (s ? s[0]?.toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? "" : ".") : s);

/** One field's problem, in words (the API's `msg` for `field`). */
export function fieldMessage(field: string, msg: string): string {
  const name = FIELD_NAMES[field] ?? field.replace(/_/g, " ");
  if (msg === "Field required" || /at least 1 character/.test(msg))
    return REQUIRED[field] ?? `Fill in the ${name}.`;
  if (/valid http\(s\) URL/i.test(msg)) {
    return field === "media_url"
      ? "Use an image address that starts with https:// — or upload the image instead."
      : "Enter a full web address that starts with https:// (for example https://example.com/recipe).";
  }
  let m = /at most (\d+) characters/.exec(msg);
  if (m) return `Too long: the ${name} can have at most ${m[1]} characters.`;
  m = /at (least|most) (\d+) items?/.exec(msg);
  if (m) return `Choose ${m[1]} ${m[2]} ${name}.`;
  m = /less than or equal to (\d+)/.exec(msg);
  if (m) return `The ${name} can be at most ${m[1]}.`;
  m = /greater than or equal to (\d+)/.exec(msg);
  if (m) return `The ${name} must be at least ${m[1]}.`;
  if (/ISO 8601|date and time that exist/.test(msg)) return "Pick a date and a time.";
  if (/must be in the future|needs a scheduled_at/.test(msg)) return "Pick a time in the future.";
  if (/Unknown time zone/i.test(msg)) return "Pick a time zone from the list.";
  if (/HH:MM/.test(msg)) return "Use a time like 09:30.";
  if (/slots a day/.test(msg)) return "A day can have at most 20 posting times.";
  if (/valid integer|valid number/.test(msg)) return `The ${name} must be a whole number.`;
  return sentence(msg.replace(/^(body|query|path)\.?/, ""));
}

/** Error codes (X-Error-Code) whose message belongs to one field, and which field. */
export const CODE_FIELDS: Record<string, string> = {
  "pins.scheduled_in_past": "scheduled_at",
  "pins.schedule_needs_time": "scheduled_at",
  "schedule.no_slots": "scheduled_at",
  "webhooks.url_refused": "url",
};

/** A whole request's problem, in words. `detail` is the API's text; `code` its X-Error-Code. */
export function plainMessage(status: number, detail: string, code: string | null): string {
  switch (code) {
    case "pins.scheduled_in_past":
    case "pins.schedule_needs_time":
      return "Pick a time in the future.";
    case "pins.locked":
      return "This pin is already published (or being published right now), so it can no longer be changed.";
    case "pins.changed":
      return "This pin changed while you were working on it. It has been reloaded: check it and try again.";
    case "pins.not_found":
      return "This pin no longer exists.";
    case "schedule.no_slots":
      return "This account has no posting times yet: set them under Posting schedule, or pick a date and time.";
    case "request.rate_limited":
      return "That was a lot at once. Wait a few seconds, then try again.";
    case "quotas.bulk_not_allowed":
      return "Creating many pins in one go needs the Growth plan or higher.";
    case "boards.pinterest_unavailable":
      return "Pinterest did not answer just now. Try again in a minute.";
  }
  if (status === 0) return "PinFlow cannot be reached right now. Check your connection; nothing was lost.";
  if (status >= 500 && status !== 502)
    return "PinFlow could not do that because of a problem on the server. Try again.";
  return sentence(detail);
}
