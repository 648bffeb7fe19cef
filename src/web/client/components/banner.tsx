import { withBase } from "../base";
import { useSession } from "../session";

export function EmulatorBanner() {
  const { mode } = useSession();
  if (mode !== "emulator") return null;
  return (
    <div class="emulator-banner" role="note">
      <strong>Demo mode.</strong> No Pinterest app is configured, so PinFlow uses its built-in Pinterest
      emulator: nothing is posted to real Pinterest.{" "}
      <a href={withBase("/emulator/pinterest/")}>See the demo Pinterest</a>
    </div>
  );
}
