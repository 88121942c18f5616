import {
  init_esm_shims
} from "./chunk-KUPJGYHE.js";

// ../../node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId-unsupported.mjs
init_esm_shims();
import { diag } from "@opentelemetry/api";
async function getMachineId() {
  diag.debug("could not read machine-id: unsupported platform");
}
export {
  getMachineId
};
//# sourceMappingURL=getMachineId-unsupported-RHONMJMD.js.map