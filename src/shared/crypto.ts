import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";

export const sha256Hex = (value: string): string =>
  new Bun.CryptoHasher("sha256").update(value).digest("hex");

export const hmacSha256Hex = (key: string | Uint8Array, body: string | Uint8Array): string =>
  createHmac("sha256", key).update(body).digest("hex");

/** Constant-time comparison of two strings (length leaks, content does not). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Derives an independent 32-byte key for one purpose from the master secret (HKDF-SHA256). */
export function deriveKey(masterSecret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", masterSecret, "pinflow", purpose, 32));
}

const b64url = (buf: Uint8Array) => Buffer.from(buf).toString("base64url");

/**
 * AES-256-GCM with a fresh 96-bit nonce per message. `aad` binds a ciphertext to where it is stored
 * (e.g. "profile:12:access_token"), so a value copied to another row or column fails to decrypt.
 * Format: `v1.<nonce>.<ciphertext+tag>` in base64url.
 */
export function encrypt(key: Buffer, plaintext: string, aad: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `v1.${b64url(nonce)}.${b64url(body)}`;
}

/** Returns null when the value was tampered with, moved, or encrypted under another key. */
export function decrypt(key: Buffer, sealed: string, aad: string): string | null {
  const [version, nonce, body] = sealed.split(".");
  if (version !== "v1" || !nonce || !body) return null;
  try {
    const raw = Buffer.from(body, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    return null;
  }
}
