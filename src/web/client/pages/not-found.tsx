import { withBase } from "../base";
import { Empty } from "../components/ui";

export function NotFound() {
  return (
    <Empty title="Nothing here">
      <p>
        This page does not exist. <a href={withBase("/app/queue")}>Go to the queue</a>.
      </p>
    </Empty>
  );
}
