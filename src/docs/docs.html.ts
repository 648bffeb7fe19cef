/** The docs page's small HTML pieces, shared by the endpoint cards and the hand-written sections. */
import { escapeHtml } from "../http/html";

/** `code` spans of the generated descriptions, the rest escaped. */
export const inline = (text: string) =>
  escapeHtml(text).replace(/`([^`]+)`/g, (_, code: string) => `<code>${code}</code>`);

export const section = (id: string, title: string, body: string) =>
  `<section id="${id}"><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;

/** Cells are HTML already: callers escape what needs escaping. */
export const table = (head: string[], rows: string[][]) =>
  `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
