/**
 * The spacing guard: Pinterest flags accounts that save many pins to the same site quickly, so on a profile
 * with `min_spacing_days` two pins with the same destination link or the same image are kept that many days
 * apart. Links are compared normalised (scheme and host case, a trailing slash and utm_* parameters do not
 * make a link different); images by their URL (an upload has one URL). Pure functions.
 */

export const DAY_MS = 86_400_000;

/** The link as the guard compares it, or null for no link (or one that is not a URL). */
export function linkKey(link: string | null | undefined): string | null {
  if (!link) return null;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  for (const name of [...url.searchParams.keys()]) {
    if (name.toLowerCase().startsWith("utm_")) url.searchParams.delete(name);
  }
  // the URL parser has lower-cased scheme and host and dropped a default port already
  const path = url.pathname.replace(/\/+$/, "");
  const query = url.searchParams.toString();
  return `${url.protocol}//${url.host}${path}${query ? `?${query}` : ""}`;
}

/** The keys a pin is spaced by: its link (normalised) and its image. */
export function spacingKeys(pin: { link: string | null; media_url: string }): string[] {
  const link = linkKey(pin.link);
  return link ? [`link:${link}`, `image:${pin.media_url}`] : [`image:${pin.media_url}`];
}

/** A pin whose time is fixed: published, being published, or scheduled. */
export interface FixedPin {
  id: number;
  link: string | null;
  media_url: string;
  at: number;
}

/**
 * Where pins with each key stand in time, so "the first moment a pin may go out" is a lookup. Fixed pins
 * block a window on both sides; pins placed by the planner (in time order) block forward.
 */
export class SpacingBook {
  private readonly fixed = new Map<string, Array<{ id: number; at: number }>>();
  private readonly placedUntil = new Map<string, { id: number; at: number }>();

  constructor(
    private readonly spacingMs: number,
    fixed: readonly FixedPin[],
  ) {
    for (const pin of fixed) {
      for (const key of spacingKeys(pin)) {
        const list = this.fixed.get(key) ?? [];
        list.push({ id: pin.id, at: pin.at });
        this.fixed.set(key, list);
      }
    }
    for (const list of this.fixed.values()) list.sort((a, b) => a.at - b.at);
  }

  get enabled(): boolean {
    return this.spacingMs > 0;
  }

  /** The earliest instant ≥ `t` at which a pin with this one key keeps its distance from every other. */
  earliestFor(key: string, t: number): number {
    return this.earliest([key], t);
  }

  /** The earliest instant ≥ `t` at which a pin with these keys keeps its distance from every other. */
  earliest(keys: readonly string[], t: number): number {
    if (!this.enabled) return t;
    let at = t;
    let moved = true;
    while (moved) {
      moved = false;
      for (const key of keys) {
        const placed = this.placedUntil.get(key);
        if (placed && at < placed.at + this.spacingMs) {
          at = placed.at + this.spacingMs;
          moved = true;
        }
        for (const f of this.fixed.get(key) ?? []) {
          if (at > f.at - this.spacingMs && at < f.at + this.spacingMs) {
            at = f.at + this.spacingMs;
            moved = true;
          }
        }
      }
    }
    return at;
  }

  /** The pin a pin with these keys would come too close to at `t`, or null. */
  collision(keys: readonly string[], t: number, selfId?: number): { id: number; at: number } | null {
    if (!this.enabled) return null;
    for (const key of keys) {
      for (const f of this.fixed.get(key) ?? []) {
        if (f.id !== selfId && Math.abs(t - f.at) < this.spacingMs) return f;
      }
      const placed = this.placedUntil.get(key);
      if (placed && placed.id !== selfId && Math.abs(t - placed.at) < this.spacingMs) return placed;
    }
    return null;
  }

  /** Records a pin placed at `t` (placements come in time order). */
  place(id: number, keys: readonly string[], t: number): void {
    if (!this.enabled) return;
    for (const key of keys) this.placedUntil.set(key, { id, at: t });
  }
}
