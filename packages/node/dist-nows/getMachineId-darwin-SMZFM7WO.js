import {
  execAsync,
  init_execAsync
} from "./chunk-U2PTUQ3X.js";
import {
  __esm,
  init_esm_shims
} from "./chunk-KUPJGYHE.js";

// ../../node_modules/@opentelemetry/sdk-metrics/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId-darwin.mjs
import { diag } from "@opentelemetry/api";
async function getMachineId() {
  try {
    const idLine = (await execAsync('ioreg -rd1 -c "IOPlatformExpertDevice"')).stdout.split("\n").find((line) => line.includes("IOPlatformUUID"));
    if (!idLine) return;
    const parts = idLine.split('" = "');
    if (parts.length === 2) return parts[1].slice(0, -1);
  } catch (e) {
    diag.debug(`error reading machine id: ${e}`);
  }
}
var init_getMachineId_darwin = __esm({
  "../../node_modules/@opentelemetry/sdk-metrics/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId-darwin.mjs"() {
    init_esm_shims();
    init_execAsync();
  }
});
init_getMachineId_darwin();
export {
  getMachineId
};
//# sourceMappingURL=getMachineId-darwin-SMZFM7WO.js.map