/**
 * A publish refused for Trial access (403 code 29) says "Getting Standard access" in its error: link to that
 * section, served on /docs from the README.
 */
import { STANDARD_ACCESS } from "../../../shared/standard-access";
import "./media.css";
import { withBase } from "../base";

export const needsStandardAccess = (message: string | null | undefined) =>
  Boolean(message?.includes(STANDARD_ACCESS.title));

export function StandardAccessLink(props: { message: string | null | undefined }) {
  if (!needsStandardAccess(props.message)) return null;
  return (
    <a
      class="standard-access-link"
      href={withBase(`/docs${STANDARD_ACCESS.hash}`)}
      target="_blank"
      rel="noopener"
    >
      {STANDARD_ACCESS.title}: the sandbox, or applying for Standard access →
    </a>
  );
}
