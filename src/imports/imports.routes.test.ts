import { describe, expect, test } from "bun:test";
import { pinSetup } from "../testing/pin-setup";
import { CSV_COLUMNS } from "./imports.schema";

const HEADER = CSV_COLUMNS.join(",");

function csvForm(text: string | Uint8Array, name = "pins.csv") {
  const form = new FormData();
  form.append("file", new File([text as BlobPart], name, { type: "text/csv" }));
  return form;
}

async function setup(opts: { plan?: string; dailyLimit?: number; timezone?: string } = {}) {
  const s = await pinSetup({ plan: opts.plan, dailyLimit: opts.dailyLimit });
  if (opts.timezone) {
    const res = await s.as("/auth/me", { method: "PUT", json: { timezone: opts.timezone } });
    expect(res.status).toBe(200);
  }
  const boardName = (id: string) => s.boards.find((b) => b.id === id)?.name as string;
  const importCsv = (text: string | Uint8Array, query = "", headers: Record<string, string> = {}) =>
    s.t.request(`/pins/import${query}`, {
      method: "POST",
      body: csvForm(text),
      headers: { ...s.key, ...headers },
    });
  const pinCount = async () => ((await s.t.one("SELECT count(*) AS n FROM pins")) as { n: number }).n;
  return { ...s, boardName, importCsv, pinCount, name: boardName(s.board) };
}

describe("POST /pins/import: reading Pinterest's bulk CSV", () => {
  test("a valid file creates one pin per row, in order, queued when the date is blank and scheduled when set", async () => {
    const s = await setup({ timezone: "Europe/Berlin" });
    const csv = [
      HEADER,
      `First pin,https://example.com/1.jpg,${s.name},,Quick and easy,https://myblog.com/1,,`,
      `Second pin,https://example.com/2.jpg,${s.name.toUpperCase()},,,,2026-06-01T19:00:00,`,
    ].join("\r\n");
    const res = await s.importCsv(csv);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ valid: 2, invalid: 0, created: 2 });
    expect(body.pins.map((p: { title: string }) => p.title)).toEqual(["First pin", "Second pin"]);
    expect(body.pins[0]).toMatchObject({ status: "queued", board_id: s.board, link: "https://myblog.com/1" });
    // 19:00 in Berlin in June is 17:00 UTC
    expect(body.pins[1]).toMatchObject({ status: "scheduled", scheduled_at: "2026-06-01T17:00:00Z" });
    expect(body.rows.map((r: { row: number; pin_id: number }) => [r.row, r.pin_id])).toEqual([
      [2, body.pins[0].id],
      [3, body.pins[1].id],
    ]);
  });
});

describe("POST /pins/import: the format's edge cases", () => {
  test("a BOM, columns in another order and headers in any case with underscores are read the same", async () => {
    const s = await setup();
    const csv = `\uFEFFpinterest_board,TITLE,media_url,publish DATE,keywords\n${s.name},Bom pin,https://example.com/b.jpg,,\n`;
    const res = await s.importCsv(csv);
    expect(res.status).toBe(201);
    expect((await res.json()).pins[0]).toMatchObject({ title: "Bom pin", board_id: s.board });
  });

  test("a board_id column stands for the board name, and a numeric board column can be a board's id", async () => {
    const s = await setup();
    const res = await s.importCsv(
      `Title,Media URL,board_id\nBy id,https://example.com/i.jpg,${s.board}\n`,
      "?dry_run=true",
    );
    expect((await res.json()).rows[0]).toMatchObject({ ok: true, pin: { board_id: s.board } });
    const byIdInName = await s.importCsv(
      `Title,Media URL,Pinterest board\nId in name,https://example.com/i.jpg,${s.board}\n`,
      "?dry_run=true",
    );
    expect((await byIdInName.json()).rows[0]).toMatchObject({ ok: true, pin: { board_id: s.board } });
  });

  test("quoted fields keep their commas, doubled quotes and line breaks", async () => {
    const s = await setup();
    const csv = `${HEADER}\r\n"Salt, pepper and ""love""",https://example.com/q.jpg,${s.name},,"Line one\nLine two, still row 2",,,\r\nNext,https://example.com/n.jpg,${s.name},,,,,\r\n`;
    const res = await s.importCsv(csv);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.pins[0]).toMatchObject({
      title: 'Salt, pepper and "love"',
      description: "Line one\nLine two, still row 2",
    });
    // the record with a line break inside is still one spreadsheet row: the next one is row 3
    expect(body.rows.map((r: { row: number }) => r.row)).toEqual([2, 3]);
  });

  test("an unknown board is an error on its column with a suggestion, and nothing is created", async () => {
    const s = await setup();
    const csv = `${HEADER}\nGood,https://example.com/g.jpg,${s.name},,,,,\nTypo,https://example.com/t.jpg,Sourdouh,,,,,\nNothing like it,https://example.com/x.jpg,Zzzzzz qqqq,,,,,\n`;
    const dry = await s.importCsv(csv, "?dry_run=true");
    expect(dry.status).toBe(200);
    const report = await dry.json();
    expect(report).toMatchObject({ valid: 1, invalid: 2 });
    expect(report.rows[1]).toEqual({
      row: 3,
      ok: false,
      errors: [
        {
          column: "Pinterest board",
          msg: "No board named 'Sourdouh' on @pinflow_studio — did you mean 'Sourdough'?",
        },
      ],
    });
    expect(report.rows[2].errors[0].msg).toBe("No board named 'Zzzzzz qqqq' on @pinflow_studio.");

    const real = await s.importCsv(csv);
    expect(real.status).toBe(422);
    expect(real.headers.get("x-error-code")).toBe("imports.rows_invalid");
    expect(await real.json()).toEqual(report);
    expect(await s.pinCount()).toBe(0);
  });

  test("skip_invalid creates the valid rows and reports the others", async () => {
    const s = await setup();
    const csv = `${HEADER}\nGood,https://example.com/g.jpg,${s.name},,,,,\nBad,,${s.name},,,,,\n`;
    const res = await s.importCsv(csv, "?skip_invalid=true");
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ created: 1, valid: 1, invalid: 1 });
    expect(body.rows[1]).toEqual({
      row: 3,
      ok: false,
      errors: [{ column: "Media URL", msg: "Required: the URL of the pin's image." }],
    });
    expect(await s.pinCount()).toBe(1);
  });

  test("Publish date: without a zone in the user's time zone, with Z or an offset as written, past or impossible refused", async () => {
    const s = await setup({ timezone: "America/New_York" });
    const rows = [
      "2026-06-01T19:00:00", // New York summer: UTC-4
      "2026-06-01T19:00:00Z",
      "2026-06-01T19:00:00+02:00",
      "2026-06-01 19:00", // as a spreadsheet rewrites it
      "2026-04-01T09:00:00",
      "2026-02-30T09:00:00",
      "June 1st",
    ];
    const csv = [
      HEADER,
      ...rows.map((d, i) => `Pin ${i},https://example.com/${i}.jpg,${s.name},,,,${d},`),
    ].join("\n");
    const report = await (await s.importCsv(csv, "?dry_run=true")).json();
    const at = (i: number) => report.rows[i].pin?.scheduled_at;
    expect([at(0), at(1), at(2), at(3)]).toEqual([
      "2026-06-01T23:00:00Z",
      "2026-06-01T19:00:00Z",
      "2026-06-01T17:00:00Z",
      "2026-06-01T23:00:00Z",
    ]);
    expect(report.rows[4].errors[0]).toEqual({
      column: "Publish date",
      msg: "Publish date 2026-04-01T09:00:00 (America/New_York) is in the past; leave it blank to queue the pin.",
    });
    expect(report.rows[5].errors[0].msg).toBe(
      "Publish date 2026-02-30T09:00:00 is not a date and time that exist.",
    );
    expect(report.rows[6].errors[0].msg).toStartWith("Publish date must look like 2026-05-01T19:00:00");
  });

  test("a wall time the clocks skip publishes just after the jump, and the row says so", async () => {
    const s = await setup({ timezone: "Europe/Berlin" });
    const csv = `${HEADER}\nSpring,https://example.com/s.jpg,${s.name},,,,2027-03-28T02:30:00,\n`;
    const row = (await (await s.importCsv(csv, "?dry_run=true")).json()).rows[0];
    expect(row.pin.scheduled_at).toBe("2027-03-28T01:30:00Z"); // 03:30 CEST
    expect(row.warnings[0]).toContain("does not exist in Europe/Berlin");
  });

  test("duplicate titles are both imported, each row saying where the other is", async () => {
    const s = await setup();
    const csv = `${HEADER}\nSame title,https://example.com/1.jpg,${s.name},,,,,\nOther,https://example.com/2.jpg,${s.name},,,,,\nsame title,https://example.com/3.jpg,${s.name},,,,,\n`;
    const res = await s.importCsv(csv);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.created).toBe(3);
    expect(body.rows[0].warnings).toEqual([
      "The same title is on row 4: PinFlow makes each pin, but Pinterest's own bulk tool refuses duplicate titles.",
    ]);
    expect(body.rows[2].warnings[0]).toContain("row 2");
    expect(body.rows[1].warnings).toEqual([]);
  });

  test("Keywords are appended to the description when they fit, and those without room are named", async () => {
    const s = await setup();
    const long = "x".repeat(780);
    const csv = `${HEADER}\nK,https://example.com/k.jpg,${s.name},,Easy bread,,,"sourdough, bread,baking"\nL,https://example.com/l.jpg,${s.name},,${long},,,"tiny, far too long a keyword"\n`;
    const body = await (await s.importCsv(csv)).json();
    expect(body.pins[0].description).toBe("Easy bread\n\nsourdough, bread, baking");
    expect(body.pins[1].description).toBe(`${long}\n\ntiny`);
    expect(body.rows[1].warnings).toEqual([
      "Keywords left out (no room within Pinterest's 800 characters): far too long a keyword.",
    ]);
  });

  test("a Thumbnail is ignored for an image, and a video is refused", async () => {
    const s = await setup();
    const csv = `${HEADER}\nImg,https://example.com/a.jpg,${s.name},0:05,,,,\nVid,https://example.com/a.mp4,${s.name},0:05,,,,\n`;
    const report = await (await s.importCsv(csv, "?dry_run=true")).json();
    expect(report.rows[0].warnings).toEqual([
      "Thumbnail is only used for video pins: ignored for this image.",
    ]);
    expect(report.rows[1].errors).toEqual([
      { column: "Media URL", msg: "Video pins are not supported yet: PinFlow publishes images." },
    ]);
  });

  test("a dry run previews what the pre-flight would do and creates nothing", async () => {
    const s = await setup();
    const csv = `${HEADER}\n${"T".repeat(120)},https://example.com/a.jpg,${s.name},,,,,\nhttp link,https://example.com/b.jpg,${s.name},,,javascript:alert(1),,\n`;
    const res = await s.importCsv(csv, "?dry_run=true");
    const report = await res.json();
    expect(report.rows[0].pin).toMatchObject({
      status: "review",
      error_message: "Title is 120 characters; Pinterest allows at most 100.",
      board_name: s.name,
    });
    expect(report.rows[1]).toEqual({
      row: 3,
      ok: false,
      errors: [{ column: "Link", msg: "Input should be a valid http(s) URL" }],
    });
    expect(await s.pinCount()).toBe(0);
  });

  test("unknown columns are ignored and listed", async () => {
    const s = await setup();
    const csv = `Title,Media URL,Pinterest board,Mood\nA,https://example.com/a.jpg,${s.name},happy\n`;
    expect((await (await s.importCsv(csv, "?dry_run=true")).json()).ignored_columns).toEqual(["Mood"]);
  });
});

describe("POST /pins/import: the file as a whole", () => {
  test.each([
    [
      "a file that is not UTF-8",
      Uint8Array.from([...new TextEncoder().encode(`${HEADER}\nCaf`), 0xe9, 0x0a]),
      "not UTF-8",
    ],
    ["no Media URL column", "Title,Pinterest board\nA,B\n", 'no "Media URL" column'],
    ["no board column", "Title,Media URL\nA,https://example.com/a.jpg\n", 'no "Pinterest board"'],
    ["a header and no rows", `${HEADER}\r\n\r\n,,,,,,,\r\n`, "no rows"],
    ["an unclosed quote", `${HEADER}\n"Open,https://example.com/a.jpg\n`, "not valid CSV"],
    ["an empty file", "", "empty"],
  ])("%s is a 422 on the file, before any row", async (_name, text, words) => {
    const s = await setup();
    const res = await s.importCsv(text);
    expect(res.status).toBe(422);
    expect(res.headers.get("x-error-code")).toBe("imports.file_unreadable");
    const [issue] = (await res.json()).detail;
    expect(issue.loc).toEqual(["body", "file"]);
    expect(issue.msg).toContain(words);
  });

  test("more than 1,000 rows are refused with the count", async () => {
    const s = await setup();
    const rows = Array.from({ length: 1001 }, (_, i) => `P${i},https://example.com/${i}.jpg,${s.name},,,,,`);
    const res = await s.importCsv([HEADER, ...rows].join("\n"));
    expect(res.status).toBe(422);
    expect((await res.json()).detail[0].msg).toBe(
      "The file has 1,001 rows; at most 1,000 can be imported at once. Split it.",
    );
  });

  test("a file over 5 MB answers 413 with a JSON detail", async () => {
    const s = await setup();
    const res = await s.importCsv(`${HEADER}\n${"x".repeat(5 * 1024 * 1024)}`);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ detail: "File too large: a CSV import is limited to 5 MB." });
  });
});

describe("POST /pins/import: quotas, plans and retries as for POST /pins/bulk", () => {
  const three = (name: string) =>
    `${HEADER}\n${[1, 2, 3].map((i) => `P${i},https://example.com/${i}.jpg,${name},,,,,`).join("\n")}\n`;

  test("a file over the daily limit is refused whole with the seed's 429 text", async () => {
    const s = await setup({ dailyLimit: 2 });
    const res = await s.importCsv(three(s.name));
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ detail: "Daily pin limit of 2 reached. Resets at midnight UTC." });
    expect(await s.pinCount()).toBe(0);
    // a dry run still reports (and takes no quota)
    expect((await s.importCsv(three(s.name), "?dry_run=true")).status).toBe(200);
  });

  test("the starter plan cannot import (bulk creation), but can check a file", async () => {
    const s = await setup({ plan: "starter" });
    const res = await s.importCsv(three(s.name));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      detail: "Bulk pin creation requires the Growth plan or higher (your plan: 'starter').",
    });
    expect((await s.importCsv(three(s.name), "?dry_run=true")).status).toBe(200);
  });

  test("an Idempotency-Key replays the first answer and creates nothing more", async () => {
    const s = await setup();
    const key = { "idempotency-key": "import-2026-05-01" };
    const first = await s.importCsv(three(s.name), "", key);
    expect(first.status).toBe(201);
    const again = await s.importCsv(three(s.name), "", key);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await again.json()).pins).toEqual((await first.json()).pins);
    expect(await s.pinCount()).toBe(3);
    const other = await s.importCsv(`${three(s.name)}P4,https://example.com/4.jpg,${s.name},,,,,\n`, "", key);
    expect(other.status).toBe(422);
  });

  test("another user's profile is a 404", async () => {
    const s = await setup();
    const res = await s.importCsv(three(s.name), "?profile_id=999&dry_run=true");
    expect(res.status).toBe(404);
  });
});

describe("GET /pins/export", () => {
  test("CSV: Pinterest's eight columns, board by name, publish date in the user's time zone, as a download", async () => {
    const s = await setup({ timezone: "Europe/Berlin" });
    await s.createOk({
      title: "Queued, with a comma",
      description: 'Say "hi"\nthen go',
      link: "https://myblog.com/a",
    });
    await s.createOk({ title: "Scheduled", scheduled_at: "2026-06-01T17:00:00Z" });
    const res = await s.as("/pins/export?format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="pinflow-pins-2026-05-01.csv"');
    expect(await res.text()).toBe(
      [
        HEADER,
        `"Queued, with a comma",https://example.com/a.jpg,${s.name},,"Say ""hi""\nthen go",https://myblog.com/a,,`,
        `Scheduled,https://example.com/a.jpg,${s.name},,,,2026-06-01T19:00:00,`,
        "",
      ].join("\r\n"),
    );
  });

  test("takes the filters of GET /pins, and format=json gives the pin objects", async () => {
    const s = await setup();
    await s.createOk({ title: "Draft one", status: "draft" });
    await s.createOk({ title: "Queued one" });
    const csv = await (await s.as("/pins/export?status=draft")).text();
    expect(csv.split("\r\n")).toHaveLength(3);
    expect(csv).toContain("Draft one");
    const json = await s.as("/pins/export?format=json&title=queued");
    expect(json.headers.get("content-disposition")).toContain(".json");
    const pins = await json.json();
    expect(pins.map((p: { title: string }) => p.title)).toEqual(["Queued one"]);
  });

  test("an export imports back to the same file, byte for byte on the eight columns", async () => {
    const s = await setup({ timezone: "Europe/Berlin" });
    const csv = [
      HEADER,
      `"Quotes ""inside"", commas, and é ü 🍓",https://example.com/1.jpg,${s.name},,"Two\nlines",https://myblog.com/1?a=1&b=2,2026-06-01T19:00:00,`,
      `Plain,https://example.com/2.jpg,${s.boardName(s.boards[1]?.id as string)},,,,,`,
      // the hour that happens twice when the clocks go back keeps its offset, so it comes back the same instant
      `Twice,https://example.com/3.jpg,${s.name},,,,2026-10-25T02:30:00+01:00,`,
      `  Spaces kept? no: trimmed ,https://example.com/4.jpg,${s.name},,,,,`,
      "",
    ].join("\r\n");
    const first = await s.importCsv(csv);
    expect(first.status).toBe(201);
    const exported = await (await s.as("/pins/export")).text();
    expect(exported).toBe(csv.replace("  Spaces kept? no: trimmed ", "Spaces kept? no: trimmed"));

    // delete everything, import the export, export again: the same bytes
    const ids = (await first.json()).pins.map((p: { id: number }) => p.id);
    expect((await s.as("/pins/bulk", { method: "DELETE", json: { pin_ids: ids } })).status).toBe(204);
    expect((await s.importCsv(exported)).status).toBe(201);
    expect(await (await s.as("/pins/export")).text()).toBe(exported);
    const twice = (await (await s.as("/pins/export?format=json")).json()).find(
      (p: { title: string }) => p.title === "Twice",
    );
    expect(twice.scheduled_at).toBe("2026-10-25T01:30:00Z");
  });

  test("a board Pinterest no longer lists is written as its id, which imports back", async () => {
    const s = await setup();
    await s.createOk({ title: "Lost board", board_id: "1072067954981999999", status: "draft" });
    const csv = await (await s.as("/pins/export")).text();
    expect(csv).toContain("Lost board,https://example.com/a.jpg,1072067954981999999,");
  });
});
