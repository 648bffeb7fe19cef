import { randomBytes } from "node:crypto";

/** Random identifiers and secrets. Injected so tests can make them predictable. */
export interface Ids {
  /** `bytes` random bytes as lowercase hex. */
  hex(bytes: number): string;
}

export const randomIds: Ids = { hex: (bytes) => randomBytes(bytes).toString("hex") };
