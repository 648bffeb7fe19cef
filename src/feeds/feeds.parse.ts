/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom → the items PinFlow cares about. fast-xml-parser reads the XML after its
 * validator has said it is well-formed (anything else is an error on the feed, never a crash); DOCTYPE entity
 * declarations are not expanded. Namespaced elements (media:, content:, dc:) are found by their namespace URI,
 * whatever prefix a feed gives them.
 */
import { createHash } from "node:crypto";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { FeedFormat } from "../db/schema";
import { firstImage, httpUrl } from "./feeds.text";

export class FeedParseError extends Error {}

export interface FeedEntry {
  /** guid / id / rdf:about, else the link, else a hash of title and date: how a republished item is recognised. */
  key: string;
  title: string | null;
  link: string | null;
  /** The item's summary (HTML as the feed has it), else its content. */
  summaryHtml: string | null;
  image: { url: string; alt: string | null } | null;
  publishedAt: number | null;
}

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  entries: FeedEntry[];
}

type Node = Record<string, unknown>;

const NS = {
  media: ["http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss"],
  content: ["http://purl.org/rss/1.0/modules/content/"],
  dc: ["http://purl.org/dc/elements/1.1/"],
  atom: ["http://www.w3.org/2005/Atom"],
  rdf: ["http://www.w3.org/1999/02/22-rdf-syntax-ns#"],
} as const;
type Space = keyof typeof NS;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  // every element is a list, so one item and many read the same way
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

const list = (node: unknown, name: string): Node[] => {
  const value = (node as Node | undefined)?.[name];
  return Array.isArray(value) ? (value as Node[]) : [];
};

/** The text of an element (its CDATA included); for mixed content, its text nodes joined. */
function text(node: unknown): string | null {
  if (node === undefined || node === null) return null;
  if (typeof node === "string") return node;
  if (typeof node === "number" || typeof node === "boolean") return String(node);
  if (Array.isArray(node)) return text(node[0]);
  const own = (node as Node)["#text"];
  if (own !== undefined && typeof own !== "object") return String(own);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(node as Node)) {
    if (key.startsWith("@_")) continue;
    for (const child of Array.isArray(value) ? value : [value]) {
      const t = text(child);
      if (t) parts.push(t);
    }
  }
  return parts.length ? parts.join(" ") : null;
}

const attrOf = (node: Node | undefined, name: string) => {
  const value = node?.[`@_${name}`];
  return typeof value === "string" ? value : null;
};

const first = (node: unknown, name: string) => text(list(node, name)[0]);

/** The prefix each known namespace has in this document (declared on the root or the channel). */
function prefixes(...scopes: Array<Node | undefined>): Record<Space, string | null> {
  const byUri = new Map<string, string>();
  for (const scope of scopes)
    for (const [key, value] of Object.entries(scope ?? {}))
      if (key === "@_xmlns" && typeof value === "string") byUri.set(value, "");
      else if (key.startsWith("@_xmlns:") && typeof value === "string") byUri.set(value, key.slice(8));
  const out = {} as Record<Space, string | null>;
  const fallback: Record<Space, string | null> = {
    media: "media",
    content: "content",
    dc: "dc",
    atom: "atom",
    rdf: "rdf",
  };
  for (const space of Object.keys(NS) as Space[]) {
    const found = NS[space].map((uri) => byUri.get(uri)).find((p) => p !== undefined);
    out[space] = found ?? fallback[space];
  }
  return out;
}

const qname = (prefix: string | null, local: string) => (prefix ? `${prefix}:${local}` : local);

const IMAGE_EXT = /\.(jpe?g|png|gif|webp|avif)(?:[?#]|$)/i;

function parseDate(value: string | null): number | null {
  if (!value) return null;
  const ms = Date.parse(value.trim());
  return Number.isNaN(ms) ? null : ms;
}

/** media:content / media:group, enclosure (RSS) or link rel=enclosure (Atom), media:thumbnail, then the first <img>. */
function imageOf(
  item: Node,
  p: Record<Space, string | null>,
  base: string,
  enclosures: Array<{ url: string | null; type: string | null }>,
  htmls: Array<string | null>,
): FeedEntry["image"] {
  const mediaContents = [
    ...list(item, qname(p.media, "content")),
    ...list(item, qname(p.media, "group")).flatMap((g) => list(g, qname(p.media, "content"))),
  ];
  for (const m of mediaContents) {
    const medium = attrOf(m, "medium");
    const type = attrOf(m, "type");
    const url = httpUrl(attrOf(m, "url"), base);
    const isImage =
      medium === "image" ||
      type?.startsWith("image/") ||
      (!medium && !type && url !== null && IMAGE_EXT.test(url));
    if (url && isImage)
      return { url, alt: first(m, qname(p.media, "description")) ?? first(m, qname(p.media, "title")) };
  }
  for (const e of enclosures) {
    const url = httpUrl(e.url, base);
    if (url && (e.type?.startsWith("image/") || (!e.type && IMAGE_EXT.test(url)))) return { url, alt: null };
  }
  const thumbs = [
    ...list(item, qname(p.media, "thumbnail")),
    ...list(item, qname(p.media, "group")).flatMap((g) => list(g, qname(p.media, "thumbnail"))),
  ];
  for (const t of thumbs) {
    const url = httpUrl(attrOf(t, "url"), base);
    if (url) return { url, alt: null };
  }
  for (const html of htmls) {
    const img = html ? firstImage(html, base) : null;
    if (img) return img;
  }
  return xhtmlImage(item, base);
}

/** Atom's `type="xhtml"` content is XML, not escaped HTML: its first <img> element. */
function xhtmlImage(node: unknown, base: string, depth = 0): FeedEntry["image"] {
  if (depth > 20 || typeof node !== "object" || node === null) return null;
  for (const [key, value] of Object.entries(node as Node)) {
    if (key.startsWith("@_")) continue;
    for (const child of Array.isArray(value) ? value : [value]) {
      if (key.split(":").pop() === "img") {
        const url = httpUrl(attrOf(child as Node, "src"), base);
        if (url) return { url, alt: attrOf(child as Node, "alt") };
      }
      const found = xhtmlImage(child, base, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

function keyOf(id: string | null, link: string | null, title: string | null, date: string | null): string {
  const trimmed = id?.trim();
  if (trimmed) return trimmed.slice(0, 1000);
  if (link) return link.slice(0, 1000);
  return `sha256:${createHash("sha256")
    .update(`${title ?? ""}\n${date ?? ""}`)
    .digest("hex")}`;
}

function rssItem(item: Node, p: Record<Space, string | null>, feedUrl: string, rdf: boolean): FeedEntry {
  const guid = list(item, "guid")[0];
  const guidText = text(guid);
  const permalink = guid && attrOf(guid, "isPermaLink") !== "false" ? httpUrl(guidText, feedUrl) : null;
  const atomLink = list(item, qname(p.atom, "link")).find(
    (l) => !attrOf(l, "rel") || attrOf(l, "rel") === "alternate",
  );
  const link =
    httpUrl(first(item, "link"), feedUrl) ?? httpUrl(attrOf(atomLink, "href"), feedUrl) ?? permalink;
  const base = link ?? feedUrl;
  const description = first(item, "description");
  const content = first(item, qname(p.content, "encoded"));
  const date = first(item, "pubDate") ?? first(item, qname(p.dc, "date"));
  const title = first(item, "title");
  const enclosures = list(item, "enclosure").map((e) => ({ url: attrOf(e, "url"), type: attrOf(e, "type") }));
  const about = rdf ? attrOf(item, qname(p.rdf, "about")) : null;
  return {
    key: keyOf(guidText ?? about, link, title, date),
    title,
    link,
    summaryHtml: description ?? content,
    image: imageOf(item, p, base, enclosures, [content, description]),
    publishedAt: parseDate(date),
  };
}

function atomEntry(entry: Node, p: Record<Space, string | null>, feedUrl: string): FeedEntry {
  const el = (local: string) => qname(p.atom, local);
  const links = list(entry, el("link"));
  const alternate = links.find((l) => !attrOf(l, "rel") || attrOf(l, "rel") === "alternate");
  const link = httpUrl(attrOf(alternate, "href"), feedUrl);
  const base = link ?? feedUrl;
  const summary = first(entry, el("summary"));
  const content = first(entry, el("content"));
  const date = first(entry, el("published")) ?? first(entry, el("updated"));
  const title = first(entry, el("title"));
  const enclosures = links
    .filter((l) => attrOf(l, "rel") === "enclosure")
    .map((l) => ({ url: attrOf(l, "href"), type: attrOf(l, "type") }));
  return {
    key: keyOf(first(entry, el("id")), link, title, date),
    title,
    link,
    summaryHtml: summary ?? content,
    image: imageOf(entry, p, base, enclosures, [content, summary]),
    publishedAt: parseDate(date),
  };
}

/** The document's format, title and entries, in document order; FeedParseError when it is none of the three. */
export function parseFeed(xml: string, feedUrl: string): ParsedFeed {
  const body = xml.replace(/^\uFEFF/, "").trimStart();
  if (/^(<!doctype html|<html[\s>])/i.test(body))
    throw new FeedParseError("The URL answered with a web page (HTML), not an RSS or Atom feed.");
  const valid = XMLValidator.validate(body);
  if (valid !== true)
    throw new FeedParseError(`The feed is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  let doc: Node;
  try {
    doc = parser.parse(body) as Node;
  } catch (err) {
    throw new FeedParseError(`The feed could not be read as XML (${(err as Error).message})`);
  }
  const rootName = Object.keys(doc).find((k) => !k.startsWith("?") && !k.startsWith("#"));
  if (!rootName) throw new FeedParseError("The document is empty: no RSS or Atom feed in it.");
  const top = list(doc, rootName)[0];
  const root: Node = typeof top === "object" && top !== null ? top : {};
  const local = rootName.split(":").pop();
  if (local === "rss") {
    const channel = list(root, "channel")[0];
    const p = prefixes(root, channel);
    return {
      format: "rss2",
      title: first(channel, "title"),
      entries: list(channel, "item").map((i) => rssItem(i, p, feedUrl, false)),
    };
  }
  if (local === "RDF") {
    const channel = list(root, "channel")[0];
    const p = prefixes(root);
    return {
      format: "rss1",
      title: first(channel, "title"),
      entries: list(root, "item").map((i) => rssItem(i, p, feedUrl, true)),
    };
  }
  if (local === "feed") {
    const p = prefixes(root);
    const prefix = rootName.includes(":")
      ? (rootName.split(":")[0] as string)
      : p.atom === "atom"
        ? null
        : p.atom;
    const ps = { ...p, atom: prefix };
    return {
      format: "atom",
      title: first(root, qname(prefix, "title")),
      entries: list(root, qname(prefix, "entry")).map((e) => atomEntry(e, ps, feedUrl)),
    };
  }
  throw new FeedParseError(`This is not an RSS or Atom feed (its root element is <${rootName}>).`);
}
