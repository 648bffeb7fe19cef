/**
 * "New board…" in a board picker: an option to add to the <select>, and the small form it opens. The board
 * is made on the selected Pinterest account (POST /boards); the picker then reloads and selects it.
 */
import { useState } from "preact/hooks";
import { post } from "../api";
import { useAction } from "../hooks";
import { Button, ErrorText, Field } from "./ui";
import "./media.css";

/** The value of the "New board…" option: never a board id (those are digits). */
export const NEW_BOARD = "new-board";

export function NewBoardOption() {
  return <option value={NEW_BOARD}>New board…</option>;
}

export interface CreatedBoard {
  id: string;
  name: string;
  description: string | null;
}

export function NewBoardForm(props: {
  profileId?: number;
  onCreated(board: CreatedBoard): void;
  onCancel(): void;
}) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [privacy, setPrivacy] = useState("PUBLIC");
  const action = useAction();
  const create = () =>
    action.run(async () => {
      const board = await post<CreatedBoard>("/boards", {
        name,
        description: description || null,
        privacy,
        ...(props.profileId ? { profile_id: props.profileId } : {}),
      });
      props.onCreated(board);
    });
  return (
    <fieldset class="new-board">
      <legend>New board</legend>
      <Field label="New board's name" id="new-board-name">
        <input
          id="new-board-name"
          value={name}
          maxLength={180}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
      </Field>
      <Field label="Description" id="new-board-description">
        <input
          id="new-board-description"
          value={description}
          maxLength={500}
          onInput={(e) => setDescription((e.target as HTMLInputElement).value)}
        />
      </Field>
      <Field label="Who can see it" id="new-board-privacy">
        <select
          id="new-board-privacy"
          value={privacy}
          onChange={(e) => setPrivacy((e.target as HTMLSelectElement).value)}
        >
          <option value="PUBLIC">Public</option>
          <option value="PROTECTED">Protected</option>
          <option value="SECRET">Secret</option>
        </select>
      </Field>
      <ErrorText error={action.error} />
      <div class="row">
        <Button variant="primary" busy={action.busy} disabled={!name.trim()} onClick={() => void create()}>
          Create board
        </Button>
        <Button variant="ghost" onClick={props.onCancel}>
          Cancel
        </Button>
      </div>
    </fieldset>
  );
}
