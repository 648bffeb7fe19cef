/**
 * Turns valibot issues into FastAPI-shaped 422 details: {loc, msg, type}, every issue of the input (not only
 * the first), with pydantic-like wording so clients written against the seed (docs/api-contract.md) keep
 * working.
 */
import type { ValidationIssue } from "./errors";

type Where = "body" | "query" | "path" | "header" | "cookie";

interface StdIssue {
  message: string;
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
}

interface ValibotIssue extends StdIssue {
  kind?: string;
  type?: string;
  received?: string;
  expected?: string | null;
  requirement?: unknown;
  input?: unknown;
}

const TYPE_NAMES: Record<string, [string, string]> = {
  string: ["string_type", "Input should be a valid string"],
  number: ["float_type", "Input should be a valid number"],
  integer: ["int_type", "Input should be a valid integer"],
  boolean: ["bool_type", "Input should be a valid boolean"],
  object: ["model_type", "Input should be a valid dictionary or object"],
  strict_object: ["model_type", "Input should be a valid dictionary or object"],
  array: ["list_type", "Input should be a valid list"],
};

function describe(issue: ValibotIssue): { msg: string; type: string } {
  const t = issue.type ?? "";
  const req = issue.requirement;
  const isList = Array.isArray(issue.input);
  switch (t) {
    case "max_length":
      return isList
        ? { type: "too_long", msg: `List should have at most ${req} items` }
        : { type: "string_too_long", msg: `String should have at most ${req} characters` };
    case "min_length":
      return isList
        ? { type: "too_short", msg: `List should have at least ${req} item${req === 1 ? "" : "s"}` }
        : {
            type: "string_too_short",
            msg: `String should have at least ${req} character${req === 1 ? "" : "s"}`,
          };
    case "max_value":
      return { type: "less_than_equal", msg: `Input should be less than or equal to ${req}` };
    case "min_value":
      return { type: "greater_than_equal", msg: `Input should be greater than or equal to ${req}` };
    case "picklist":
    case "literal":
      return { type: "enum", msg: `Input should be ${formatOptions(issue.expected)}` };
    case "integer":
      return { type: "int_type", msg: "Input should be a valid integer" };
    default: {
      const known = issue.kind === "schema" ? TYPE_NAMES[t] : undefined;
      return known ? { type: known[0], msg: known[1] } : { type: "value_error", msg: issue.message };
    }
  }
}

/** valibot prints `("a" | "b")`; pydantic says `'a' or 'b'`. */
function formatOptions(expected: string | null | undefined): string {
  if (!expected) return "one of the allowed values";
  const options = expected.replace(/^\(|\)$/g, "").split(" | ");
  const quoted = options.map((o) => o.replace(/^"(.*)"$/, "'$1'"));
  return quoted.length === 1
    ? (quoted[0] as string)
    : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
}

export function toValidationIssues(
  where: Where,
  value: unknown,
  issues: ReadonlyArray<StdIssue>,
): ValidationIssue[] {
  if (value === undefined || value === null || value === "") {
    return [{ loc: [where], msg: "Field required", type: "missing" }];
  }
  const out: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const raw of issues) {
    const issue = raw as ValibotIssue;
    const path = (issue.path ?? []).map((seg) =>
      typeof seg === "object" && seg !== null ? (seg.key as string | number) : (seg as string | number),
    );
    const missing = issue.received === "undefined" && (issue.kind === "schema" || issue.type === "object");
    const item: ValidationIssue = missing
      ? { loc: [where, ...path], msg: "Field required", type: "missing" }
      : { loc: [where, ...path], ...describe(issue) };
    const key = JSON.stringify(item.loc);
    if (seen.has(key)) continue; // a union reports each branch; one line per field is enough
    seen.add(key);
    out.push(item);
  }
  return out;
}

export const whereOf = (type: string): Where =>
  (({ params: "path", headers: "header" }) as Record<string, Where>)[type] ?? (type as Where);
