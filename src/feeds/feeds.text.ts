/**
 * Feed text as pin text: HTML stripped (a paragraph stays a line), entities decoded, cut to Pinterest's limits
 * at a word with "…"; and the first real image of an item's HTML. Pure string work, no DOM.
 */

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  laquo: "«",
  raquo: "»",
  bull: "•",
  middot: "·",
  copy: "©",
  reg: "®",
  trade: "™",
  deg: "°",
  eacute: "é",
  egrave: "è",
  ecirc: "ê",
  aacute: "á",
  agrave: "à",
  acirc: "â",
  iacute: "í",
  oacute: "ó",
  ocirc: "ô",
  uacute: "ú",
  ntilde: "ñ",
  ccedil: "ç",
  auml: "ä",
  ouml: "ö",
  uuml: "ü",
  Auml: "Ä",
  Ouml: "Ö",
  Uuml: "Ü",
  szlig: "ß",
  euro: "€",
  pound: "£",
  times: "×",
  frac12: "½",
};

/** `&amp;`, `&#233;`, `&#x1F353;` and the common named entities; anything else stays as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code =
        ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

const BLOCK =
  /<\s*\/?\s*(p|div|br|li|ul|ol|h[1-6]|blockquote|tr|section|article|figure|figcaption|pre|hr)\b[^>]*>/gi;

/** HTML → plain text: tags gone, a block (paragraph, list item, line break) a new line, at most one blank line. */
export function htmlToText(html: string): string {
  const text = decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/<(script|style|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, "")
      .replace(BLOCK, "\n")
      .replace(/<[^>]*>/g, ""),
  );
  return text
    .split("\n")
    .map((line) => line.replace(/[ \t\r\f\v\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** At most `max` characters, cut at a word boundary when one is near, with "…". */
export function trimTo(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const space = cut.search(/\s\S*$/);
  if (space > max * 0.6) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}

/** An absolute http(s) URL for `value` read relative to `base`, or null. */
export function httpUrl(value: string | null | undefined, base: string): string | null {
  if (!value) return null;
  try {
    const url = new URL(decodeEntities(value.trim()), base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

const attr = (tag: string, name: string) =>
  new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i")
    .exec(tag)
    ?.slice(1)
    .find((v) => v !== undefined) ?? null;

/** The first image of some HTML that is a picture, not a 1×1 tracking pixel or inline data. */
export function firstImage(html: string, base: string): { url: string; alt: string | null } | null {
  for (const [tag] of html.matchAll(/<img\b[^>]*>/gi)) {
    const width = attr(tag, "width");
    const height = attr(tag, "height");
    if (width === "1" || height === "1" || width === "0" || height === "0") continue;
    const url = httpUrl(attr(tag, "src") ?? attr(tag, "data-src"), base);
    if (!url) continue;
    const alt = attr(tag, "alt");
    return { url, alt: alt ? decodeEntities(alt).trim() || null : null };
  }
  return null;
}
