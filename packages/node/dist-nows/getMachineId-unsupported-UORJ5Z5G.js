import {
  __esm,
  init_esm_shims
} from "./chunk-KUPJGYHE.js";

// ../../node_modules/@opentelemetry/sdk-metrics/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId-unsupported.mjs
import { diag } from "@opentelemetry/api";
async function getMachineId() {
  diag.debug("could not read machine-id: unsupported platform");
}
var init_getMachineId_unsupported = __esm({
  "../../node_modules/@opentelemetry/sdk-metrics/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId-unsupported.mjs"() {
    init_esm_shims();
  }
});
init_getMachineId_unsupported();
export {
  getMachineId
};
//# sourceMappingURL=getMachineId-unsupported-UORJ5Z5G.js.map