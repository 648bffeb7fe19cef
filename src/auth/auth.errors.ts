import { defineError } from "../http/errors";

export const invalidState = defineError(
  "auth.invalid_state",
  400,
  () => "This sign-in link is invalid or was already used. Start again from the sign-in page.",
);

export const signInFailed = defineError(
  "auth.signin_failed",
  502,
  (why: string) => `Signing in with Pinterest failed: ${why}`,
);

/** Pinterest refused the one-time code (used already, expired, unknown): the browser's request was bad. */
export const signInCodeRefused = defineError(
  "auth.code_refused",
  400,
  (why: string | undefined) =>
    `Pinterest did not accept this sign-in${why ? ` (${why.replace(/\.$/, "")})` : ""}: a sign-in link works once and only for a few minutes. Sign in again from the sign-in page.`,
);

export const emulatorAccountRefused = defineError(
  "auth.emulator_account",
  403,
  () =>
    "This account was created with the demo Pinterest emulator and cannot sign in now that a real Pinterest app is configured.",
);

export const accountOfAnotherUser = defineError(
  "auth.account_of_another_user",
  400,
  () => "This Pinterest account signs in to another PinFlow user, so it cannot be connected here.",
);
