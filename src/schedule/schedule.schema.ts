import * as v from "valibot";
import { ApiTime, ApiTimeInput } from "../shared/schema";
import { isValidTimeZone } from "../shared/time";

export const WEEKDAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAY_NAMES)[number];

/** Pins a profile's day may take before the schedule warns (Pinterest flags accounts that post in bursts). */
export const VOLUME_WARNING_PER_DAY = 25;
export const MAX_SLOTS_PER_DAY = 20;
/** How far the occurrences endpoint looks at once. */
export const MAX_OCCURRENCE_RANGE_DAYS = 92;

export const SlotSchema = v.object({
  day: v.pipe(v.picklist(WEEKDAY_NAMES, "day must be one of mon, tue, wed, thu, fri, sat, sun")),
  time: v.pipe(
    v.string(),
    v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "time must be HH:MM, from 00:00 to 23:59"),
    v.description("Wall-clock time in the user's time zone"),
  ),
});
export type Slot = v.InferOutput<typeof SlotSchema>;

const atMostPerDay = (slots: Slot[]) =>
  WEEKDAY_NAMES.every((day) => slots.filter((s) => s.day === day).length <= MAX_SLOTS_PER_DAY);

const TimeZone = v.pipe(
  v.string(),
  v.check(isValidTimeZone, "Unknown time zone: use an IANA name like Europe/Berlin"),
  v.description("IANA name; it is the user's time zone (the same as PUT /auth/me sets)"),
);

const SpacingDays = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(0),
  v.maxValue(365),
  v.description(
    "Days kept between two pins with the same link or image on this profile (0 = off). A queued pin that would come too close waits for a later slot; a scheduled one goes to review.",
  ),
);

export const ScheduleInputSchema = v.object({
  timezone: v.optional(TimeZone),
  slots: v.pipe(
    v.array(SlotSchema),
    v.check(atMostPerDay, `at most ${MAX_SLOTS_PER_DAY} slots a day`),
    v.description("Weekly slots; two at the same time mean two pins then. [] = publish the queue at once."),
  ),
  min_spacing_days: v.optional(SpacingDays, 0),
});
export type ScheduleInput = v.InferOutput<typeof ScheduleInputSchema>;

export const VolumeWarningSchema = v.object({
  date: v.pipe(v.string(), v.description("The local day, YYYY-MM-DD in the user's time zone")),
  pins: v.number(),
  message: v.string(),
});
export type VolumeWarning = v.InferOutput<typeof VolumeWarningSchema>;

export const ScheduleSchema = v.object({
  profile_id: v.number(),
  timezone: v.string(),
  slots: v.array(SlotSchema),
  min_spacing_days: v.number(),
  warnings: v.pipe(
    v.array(VolumeWarningSchema),
    v.description(
      `Days of the next ${MAX_OCCURRENCE_RANGE_DAYS} that would get more than ${VOLUME_WARNING_PER_DAY} pins`,
    ),
  ),
});
export type ScheduleDto = v.InferOutput<typeof ScheduleSchema>;

export const OccurrencesQuery = v.object({
  from: ApiTimeInput,
  to: ApiTimeInput,
});

export const OccurrenceSchema = v.object({
  at: ApiTime,
  pin_id: v.pipe(
    v.nullable(v.number()),
    v.description("The queued pin this slot will publish (or published), null while open"),
  ),
});

export const OccurrencesSchema = v.object({
  timezone: v.string(),
  occurrences: v.array(OccurrenceSchema),
  warnings: v.array(VolumeWarningSchema),
});
export type OccurrencesDto = v.InferOutput<typeof OccurrencesSchema>;
