/**
 * Sections of the README served on /docs, so an instance that is offline (or behind a firewall) still shows
 * them, and the dashboard can link to them: "Getting Standard access" and the sandbox set-up it builds on.
 * One source — the README, bundled as text — turned into HTML by a small Markdown subset: paragraphs,
 * (nested) lists, fenced code, `code`, **bold** and *emphasis*. Everything is escaped first.
 */
import readme from "../../README.md" with { type: "text" };
import { escapeHtml } from "../http/html";

/** The Markdown of the section titled `title` (any level), up to the next heading of its level or above. */
export function readmeSection(title: string, text: string = readme): string | null {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => /^#{2,6} /.test(l) && l.replace(/^#+ /, "").trim() === title);
  if (start === -1) return null;
  const level = (lines[start] as string).match(/^#+/)?.[0].length ?? 2;
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    const m = (lines[i] as string).match(/^(#+) /);
    if (m && (m[1] as string).length <= level) {
      end = i;
      break;
    }
  }
  return lines
    .slice(start + 1, end)
    .join("\n")
    .trim();
}

const inlineMarkdown = (text: string) =>
  escapeHtml(text)
    .replace(/`([^`]+)`/g, (_, code: string) => `<code>${code}</code>`)
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, "$1<em>$2</em>");

const indentOf = (line: string) => line.length - line.trimStart().length;
const LIST_ITEM = /^(\s*)(\d+\.|-) +(.*)$/;

/** Markdown (the subset above) → HTML. */
export function markdownToHtml(markdown: string): string {
  return blocks(markdown.split("\n"));
}

function blocks(lines: string[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (line.trim() === "") {
      i++;
      continue;
    }
    if (line.trimStart().startsWith("```")) {
      const indent = indentOf(line);
      const code: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] as string).trimStart().startsWith("```")) {
        code.push((lines[i] as string).slice(Math.min(indent, indentOf(lines[i] as string))));
        i++;
      }
      i++;
      out.push(`<pre>${escapeHtml(code.join("\n"))}</pre>`);
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const ordered = (item[2] as string) !== "-";
      const indent = indentOf(line);
      const items: string[] = [];
      while (i < lines.length) {
        const m = LIST_ITEM.exec(lines[i] as string);
        if (!m || indentOf(lines[i] as string) !== indent) break;
        const width = (m[1] as string).length + (m[2] as string).length + 1;
        const body = [m[3] as string];
        i++;
        while (
          i < lines.length &&
          ((lines[i] as string).trim() === "" || indentOf(lines[i] as string) >= width)
        ) {
          body.push((lines[i] as string).slice(Math.min(width, indentOf(lines[i] as string))));
          i++;
        }
        while (body.length && (body.at(-1) as string).trim() === "") body.pop();
        const inner = blocks(body);
        // a one-paragraph item is shown without its <p>
        items.push(`<li>${inner.replace(/^<p>([\s\S]*?)<\/p>(?=<|$)/, "$1")}</li>`);
      }
      out.push(ordered ? `<ol>${items.join("")}</ol>` : `<ul>${items.join("")}</ul>`);
      continue;
    }
    const paragraph: string[] = [];
    while (
      i < lines.length &&
      (lines[i] as string).trim() !== "" &&
      !LIST_ITEM.test(lines[i] as string) &&
      !(lines[i] as string).trimStart().startsWith("```")
    ) {
      paragraph.push((lines[i] as string).trim());
      i++;
    }
    out.push(`<p>${inlineMarkdown(paragraph.join(" "))}</p>`);
  }
  return out.join("\n");
}
