/** The sections of the chosen board (GET /boards/{id}/sections), for a pin's board_section_id. */
import type { BoardSectionsDto } from "../../../boards/boards.schema";
import { get, qs } from "../api";
import { useLoad } from "../hooks";
import { Field } from "./ui";

export function SectionSelect(props: {
  profileId?: number;
  boardId: string;
  value: string;
  onChange(sectionId: string): void;
  error?: string | null;
}) {
  const sections = useLoad(
    () =>
      /^\d+$/.test(props.boardId)
        ? get<BoardSectionsDto>(`/boards/${props.boardId}/sections${qs({ profile_id: props.profileId })}`)
        : Promise.resolve({ board_id: props.boardId, items: [] }),
    [props.boardId, props.profileId],
  );
  const items = sections.data?.board_id === props.boardId ? sections.data.items : [];
  if (items.length === 0 && !props.value) return null;
  return (
    <Field
      label="Section"
      id="section"
      error={props.error ?? sections.error?.message ?? null}
      hint="Optional: a section of this board."
    >
      <select
        id="section"
        value={props.value}
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}
      >
        <option value="">No section (the board itself)</option>
        {items.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
