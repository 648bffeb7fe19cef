import { AppError, badRequest } from "../http/errors";

export const invalidState = () =>
  badRequest("This sign-in link is invalid or was already used. Start again from the sign-in page.");

export const signInFailed = (why: string) =>
  new AppError(502, `Signing in with Pinterest failed: ${why}`, "auth.signin_failed");

/** Pinterest refused the one-time code (used already, expired, unknown): the browser's request was bad. */
export const signInCodeRefused = (why: string | undefined) =>
  badRequest(
    `Pinterest did not accept this sign-in${why ? ` (${why.replace(/\.$/, "")})` : ""}: a sign-in link works once and only for a few minutes. Sign in again from the sign-in page.`,
  );

export const emulatorAccountRefused = () =>
  new AppError(
    403,
    "This account was created with the demo Pinterest emulator and cannot sign in now that a real Pinterest app is configured.",
    "auth.emulator_account",
  );

export const accountOfAnotherUser = () =>
  badRequest("This Pinterest account signs in to another PinFlow user, so it cannot be connected here.");
