/**
 * The emulator's HTML: the OAuth consent page, its error page, and the pages a demo user looks at to see
 * what PinFlow published (accounts → boards → pins). Self-contained: inline CSS, no scripts, no outside
 * assets. Every value is escaped.
 */

import type { EmulatorBoard, EmulatorSection } from "./emulator.boards";
import type { AuthorizeRequest } from "./emulator.oauth";
import { PINTEREST_SCOPES } from "./emulator.oauth";
import type { DemoAccount } from "./emulator.seed";
import type { MediaRecord, PinRecord } from "./emulator.state";

const esc = (value: unknown) =>
  String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#211922;background:#f6f6f3}
a{color:#0b57d0}
header{display:flex;align-items:center;gap:.6rem;padding:.8rem 1.2rem;background:#fff;border-bottom:1px solid #e6e6e1}
.logo{display:inline-grid;place-items:center;width:2rem;height:2rem;border-radius:50%;background:#e60023;color:#fff;font-weight:700}
.tag{margin-left:auto;font-size:.8rem;color:#5f5f5f;background:#efefea;border-radius:1rem;padding:.15rem .6rem}
main{max-width:960px;margin:1.5rem auto;padding:0 1rem}
.card{background:#fff;border:1px solid #e6e6e1;border-radius:16px;padding:1.4rem;margin-bottom:1.2rem}
.narrow{max-width:560px}
h1{font-size:1.45rem;margin:0 0 .8rem}
h2{font-size:1.1rem;margin:0 0 .6rem}
.muted{color:#5f5f5f}
ul.plain{list-style:none;padding:0;margin:0}
.scopes li{padding:.35rem 0;border-bottom:1px solid #f0f0ec}
code{background:#f1f1ee;border-radius:6px;padding:.05rem .35rem;font-size:.9em}
.account{display:flex;align-items:center;gap:.8rem;padding:.7rem 0;border-bottom:1px solid #f0f0ec}
.account img{width:44px;height:44px;border-radius:50%}
.account .who{flex:1}
button{font:inherit;border:0;border-radius:24px;padding:.55rem 1.2rem;cursor:pointer}
.allow{background:#e60023;color:#fff;font-weight:600}
.allow:hover{background:#ad081b}
.cancel{background:#efefea;color:#211922;margin-top:1rem}
.boards{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:.5rem;margin:.6rem 0 0;padding:0;list-style:none}
.boards a{display:block;background:#f6f6f3;border-radius:10px;padding:.5rem .7rem;text-decoration:none;color:inherit}
.boards a:hover{background:#ecece6}
.pins{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:1rem;align-items:start}
.pin{background:#fff;border:1px solid #e6e6e1;border-radius:16px;overflow:hidden}
.pin img{display:block;width:100%;height:auto;background:#eee}
.pin .remote{display:grid;place-items:center;min-height:160px;padding:1rem;text-align:center;word-break:break-all;font-size:.85rem}
.pin .body{padding:.7rem .8rem}
.pin .video{position:relative}
.pin .play{position:absolute;left:.6rem;bottom:.6rem;display:grid;place-items:center;width:2.2rem;height:2.2rem;border-radius:50%;background:rgba(0,0,0,.6);color:#fff;font-size:.9rem}
.pin .video-facts{padding:.4rem .8rem 0;margin:0}
.pin h3{font-size:1rem;margin:0 0 .3rem}
.small{font-size:.8rem}
.error{border-left:4px solid #e60023}
`;

/**
 * Its own icon, inline: a page that names none makes the browser ask for the domain's /favicon.ico, which is
 * not the emulator's (nor, under PINFLOW_BASE_PATH, PinFlow's).
 */
const ICON = `data:image/svg+xml,${encodeURIComponent(
  "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><circle cx='16' cy='16' r='15' fill='#e60023'/><text x='16' y='22' font-size='17' font-family='sans-serif' font-weight='700' text-anchor='middle' fill='#fff'>P</text></svg>",
)}`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><link rel="icon" href="${esc(ICON)}"><style>${CSS}</style></head>
<body><header><span class="logo">P</span><strong>Pinterest</strong><span class="tag">emulator · nothing here reaches pinterest.com</span></header>
<main>${body}</main></body></html>`;
}

const avatar = (base: string, account: DemoAccount) =>
  `<img src="${esc(`${base}/avatars/${account.id}.svg`)}" alt="">`;

export function consentPage(input: {
  publicPath: string;
  request: AuthorizeRequest;
  accounts: readonly DemoAccount[];
}): string {
  const { request, publicPath } = input;
  const hidden = {
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    response_type: "code",
    scope: request.scopes.join(","),
    state: request.state,
  };
  const fields = Object.entries(hidden)
    .filter(([, value]) => value !== null)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${esc(value)}">`)
    .join("");
  const scopes = request.scopes
    .map(
      (scope) =>
        `<li><code>${esc(scope)}</code> <span class="muted">${esc(PINTEREST_SCOPES[scope])}</span></li>`,
    )
    .join("");
  const accounts = input.accounts
    .map(
      (account) => `<li class="account">${avatar(publicPath, account)}
<span class="who"><strong>${esc(account.username)}</strong><br><span class="muted small">${esc(account.account_type)} · ${account.boards.length} boards</span></span>
<button class="allow" type="submit" name="account_id" value="${esc(account.id)}" id="allow-${esc(account.id)}" data-account-id="${esc(account.id)}">Allow</button></li>`,
    )
    .join("");
  const target = new URL(request.redirectUri);
  return layout(
    "Give access to your Pinterest account",
    `<section class="card narrow">
<h1>Give access to your Pinterest account?</h1>
<p>The app <strong>${esc(request.clientId)}</strong> asks to:</p>
<ul class="plain scopes">${scopes}</ul>
<form method="post" action="${esc(`${publicPath}/oauth/`)}">${fields}
<h2 style="margin-top:1.2rem">Choose the account to connect</h2>
<ul class="plain">${accounts}</ul>
<button class="cancel" type="submit" name="decision" value="deny" id="deny" data-decision="deny">Cancel</button>
</form>
<p class="muted small">You will be sent back to ${esc(target.origin)}. This is a local stand-in for Pinterest: the accounts are demo data.</p>
</section>`,
  );
}

export function errorPage(message: string): string {
  return layout(
    "Pinterest authorization error",
    `<section class="card narrow error"><h1>Something is wrong with this request</h1>
<p id="error-message">${esc(message)}</p>
<p class="muted small">The app that sent you here is misconfigured; you were not redirected anywhere.</p></section>`,
  );
}

export function homePage(input: {
  publicPath: string;
  apiUrl: string;
  accounts: ReadonlyArray<{ account: DemoAccount; boards: Array<EmulatorBoard & { pinCount: number }> }>;
}): string {
  const sections = input.accounts
    .map(
      ({ account, boards }) => `<section class="card" id="account-${esc(account.id)}">
<div class="account" style="border:0;padding-top:0">${avatar(input.publicPath, account)}
<span class="who"><h2 style="margin:0">${esc(account.username)}</h2><span class="muted small">id ${esc(account.id)} · ${esc(account.account_type)}${account.business_name ? ` · ${esc(account.business_name)}` : ""}</span></span></div>
<ul class="boards">${boards
        .map(
          (board) =>
            `<li><a href="${esc(`${input.publicPath}/boards/${board.id}`)}" data-board-id="${esc(board.id)}"><strong>${esc(board.name)}</strong><br><span class="muted small">${board.pinCount} pin${board.pinCount === 1 ? "" : "s"}</span></a></li>`,
        )
        .join("")}</ul></section>`,
    )
    .join("");
  return layout(
    "Pinterest emulator",
    `<section class="card"><h1>Pinterest emulator</h1>
<p class="muted">Demo accounts and their boards. Pins that PinFlow publishes here show up on the board pages.
API base: <code>${esc(input.apiUrl)}</code></p></section>${sections}`,
  );
}

const remote = (pin: PinRecord, url: string, what: string) =>
  `<div class="remote" style="background:${/^#[0-9a-f]{6}$/i.test(pin.dominantColor) ? `${pin.dominantColor}22` : "#eee"}"><span>${what} at <a href="${esc(url)}" rel="noreferrer">${esc(url)}</a><br><span class="muted small">(the emulator never fetches image URLs)</span></span></div>`;

const seconds = (ms: number | null) => (ms === null ? "unknown length" : `${Math.round(ms / 100) / 10} s`);

/** A video pin: its cover (the emulator's copy, a drawn key frame, or a link), marked as a video. */
function videoFigure(publicPath: string, pin: PinRecord, video: MediaRecord | null): string {
  if (pin.media.type !== "video_id") return "";
  const { cover, mediaId, durationMs } = pin.media;
  const picture =
    cover.type === "url"
      ? remote(pin, cover.url, "Cover image")
      : `<img src="${esc(`${publicPath}/media/${pin.id}`)}" alt="${esc(pin.altText ?? "Video cover")}" width="${pin.width}" height="${pin.height}">`;
  const coverText =
    cover.type === "key_frame"
      ? `cover: the frame at ${cover.seconds} s`
      : cover.type === "base64"
        ? "cover: uploaded image"
        : "cover: image URL";
  const size = video?.byteLength
    ? ` · ${(video.byteLength / 1024 / 1024).toFixed(1)} MB ${esc(video.contentType ?? "")}`
    : "";
  return `<div class="video">${picture}<span class="play" aria-hidden="true">▶</span></div>
<p class="muted small video-facts" data-media-id="${esc(mediaId)}">Video ${esc(mediaId)} · ${seconds(durationMs)}${size} · ${coverText}</p>`;
}

export function boardPage(input: {
  publicPath: string;
  account: DemoAccount;
  board: EmulatorBoard;
  sections: EmulatorSection[];
  pins: PinRecord[];
  videoOf: (mediaId: string) => MediaRecord | null;
  createdAt: (pin: PinRecord) => string;
}): string {
  const { publicPath, board, account } = input;
  const sectionName = new Map(input.sections.map((s) => [s.id, s.name]));
  const pins = input.pins
    .map((pin) => {
      const image =
        pin.media.type === "video_id"
          ? videoFigure(publicPath, pin, input.videoOf(pin.media.mediaId))
          : pin.media.type === "image_base64"
            ? `<img src="${esc(`${publicPath}/media/${pin.id}`)}" alt="${esc(pin.altText ?? "")}" width="${pin.width}" height="${pin.height}">`
            : remote(pin, pin.media.url, "Image");
      const section = pin.boardSectionId ? sectionName.get(pin.boardSectionId) : undefined;
      return `<article class="pin${pin.media.type === "video_id" ? " video-pin" : ""}" id="pin-${esc(pin.id)}" data-pin-id="${esc(pin.id)}">${image}<div class="body">
<h3>${esc(pin.title ?? "(no title)")}</h3>
${pin.description ? `<p>${esc(pin.description)}</p>` : ""}
${pin.link ? `<p class="small"><a href="${esc(pin.link)}" rel="noreferrer">${esc(pin.link)}</a></p>` : ""}
${section ? `<p class="small section-name">Section: ${esc(section)}</p>` : ""}
<p class="muted small">Pin ${esc(pin.id)} · ${esc(input.createdAt(pin))} UTC</p></div></article>`;
    })
    .join("");
  return layout(
    `${board.name} · Pinterest emulator`,
    `<p><a href="${esc(`${publicPath}/`)}">← All accounts</a></p>
<section class="card"><h1>${esc(board.name)}</h1>
<p class="muted">${esc(board.description)}</p>
<p class="small muted">Board ${esc(board.id)} of <strong>${esc(account.username)}</strong> · ${input.pins.length} pin${input.pins.length === 1 ? "" : "s"}${input.sections.length ? ` · sections: ${input.sections.map((s) => esc(s.name)).join(", ")}` : ""}</p></section>
${input.pins.length ? `<div class="pins">${pins}</div>` : `<section class="card muted" id="no-pins">No pins on this board yet.</section>`}`,
  );
}

export function notFoundPage(what: string): string {
  return layout(
    "Not found · Pinterest emulator",
    `<section class="card narrow error"><h1>${esc(what)} not found</h1></section>`,
  );
}

/** A key-frame cover the emulator cannot cut (it never decodes video): a poster saying which frame. */
export function keyFrameSvg(width: number, height: number, seconds: number, colour: string): string {
  const fill = /^#[0-9a-f]{6}$/i.test(colour) ? colour : "#777777";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="${fill}"/><text x="50%" y="50%" font-family="system-ui,sans-serif" font-size="${Math.max(12, Math.round(width / 14))}" fill="#fff" text-anchor="middle">▶ frame at ${seconds} s</text></svg>`;
}

/** A round avatar with the account's initial, drawn from its id (no outside image). */
export function avatarSvg(account: DemoAccount): string {
  const hue = (Number(account.id.slice(-3)) * 137) % 360;
  const initial = esc(account.username.charAt(0).toUpperCase());
  return `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120"><circle cx="60" cy="60" r="60" fill="hsl(${hue},55%,45%)"/><text x="60" y="78" font-family="system-ui,sans-serif" font-size="52" font-weight="700" fill="#fff" text-anchor="middle">${initial}</text></svg>`;
}
