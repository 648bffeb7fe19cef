import { conflict } from "../http/errors";

export const lastApprovedAdmin = () =>
  conflict(
    "This change would leave PinFlow without an approved admin, and no one could use the admin pages any more. Make another user an approved admin first (or, on the server, use `pinflow users`).",
  );
