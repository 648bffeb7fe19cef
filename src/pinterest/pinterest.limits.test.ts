import { describe, expect, test } from "bun:test";
import { PINTEREST_LIMITS } from "./pinterest.limits";
import { loadSpec } from "./spec/spec";

describe("Pinterest's text limits", () => {
  test("are the maxLength of each field of PinCreate in Pinterest's own OpenAPI description", () => {
    const spec = loadSpec() as { components: { schemas: Record<string, { properties: object }> } };
    const fields = spec.components.schemas.PinCreate?.properties as Record<string, { maxLength?: number }>;
    for (const [field, max] of Object.entries(PINTEREST_LIMITS)) expect(fields[field]?.maxLength).toBe(max);
  });
});
